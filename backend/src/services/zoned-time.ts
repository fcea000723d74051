// Dates and hours as the store's wall clock shows them. Done here in TypeScript with Intl rather
// than in SQL: SQLite has no time-zone database, and one implementation keeps both databases
// bucketing alike (docs/decisions/021-insights.md).

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (timeZone: string) => {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      weekday: "short",
    });
    formatters.set(timeZone, f);
  }
  return f;
};

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

export interface WallClock {
  /** YYYY-MM-DD */
  date: string;
  /** 0 = Sunday */
  weekday: number;
  hour: number;
  /** Milliseconds since the local midnight. */
  msOfDay: number;
}

export function wallClockAt(at: Date | string, timeZone: string): WallClock {
  const instant = typeof at === "string" ? new Date(at) : at;
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(instant)) parts[p.type] = p.value;
  const hour = Number(parts.hour);
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: WEEKDAYS.indexOf(parts.weekday ?? ""),
    hour,
    msOfDay: ((hour * 60 + Number(parts.minute)) * 60 + Number(parts.second)) * 1000 + instant.getUTCMilliseconds(),
  };
}

/** The instant the zone's clocks show `date` 00:00 (the offset corrected twice, for daylight saving). */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const target = Date.parse(`${date}T00:00:00.000Z`);
  let guess = target;
  for (let i = 0; i < 2; i++) {
    const wall = wallClockAt(new Date(guess), timeZone);
    guess += target - (Date.parse(`${wall.date}T00:00:00.000Z`) + wall.msOfDay);
  }
  return new Date(guess);
}

/** YYYY-MM-DD plus some days (calendar arithmetic, no time zone involved). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
