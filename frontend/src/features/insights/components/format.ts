// How the insights page writes its numbers.

export const percent = (rate: number | null) => (rate === null ? "–" : `${Math.round(rate * 1000) / 10}%`);

export function duration(ms: number | null): string {
  if (ms === null) return "–";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${Math.round(ms / 100) / 10} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 6_000) / 10} min`;
  return `${Math.round(ms / 360_000) / 10} h`;
}

export const count = (n: number) => n.toLocaleString("en-US");

export const usd = (n: number) => `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: n < 1 ? 4 : 2 })}`;

export const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** YYYY-MM-DD of a date in the browser's calendar, `days` before today. */
export function daysAgo(days: number, today = new Date()): string {
  const d = new Date(today.getFullYear(), today.getMonth(), today.getDate() - days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

const REASONS: Record<string, string> = {
  customer_request: "Shopper asked for a person",
  missing_knowledge: "Missing knowledge",
  order_problem: "Order problem",
  policy_exception: "Policy exception",
  frustrated: "Frustrated shopper",
  other: "Other (shopper's words)",
  unspecified: "Unspecified",
};
export const handoffReason = (code: string) => REASONS[code] ?? code;
