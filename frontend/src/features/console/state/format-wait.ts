/** "45 s", "5 min", "2 h 5 min", "3 d": how long someone has waited, short enough for a list row. */
export function formatWait(sinceIso: string, now = Date.now()): string {
  const since = new Date(sinceIso).getTime();
  if (Number.isNaN(since)) return "";
  const seconds = Math.max(0, Math.floor((now - since) / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}

/** Long form for screen readers and titles. */
export function describeWait(sinceIso: string, now = Date.now()): string {
  const short = formatWait(sinceIso, now);
  return short ? `waiting for ${short.replace(" s", " seconds").replace(" min", " minutes").replace(" h", " hours").replace(" d", " days")}` : "";
}

/** Re-renders every `ms` so relative times stay true. */
export const WAIT_TICK_MS = 15_000;
