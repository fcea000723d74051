// The store's profile: its name, contact, hours and reply time, read from one data file
// (backend/store/profile.json), and whether the team is at work at a given moment.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { OpeningHoursSchema, type StoreProfile } from "@harbor/contracts";

const PROFILE_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../store/profile.json");

const StoredProfileSchema = z.object({
  name: z.string().min(1),
  supportEmail: z.string().min(3),
  timeZone: z.string().min(1),
  hours: z.array(OpeningHoursSchema),
  hoursText: z.string(),
  /** YYYY-MM-DD in the store's time zone: closed all day. */
  holidays: z.array(z.string()),
  replyTime: z.string(),
});
export type StoredProfile = z.infer<typeof StoredProfileSchema>;

export function loadStoreProfile(file = PROFILE_PATH): StoredProfile {
  return StoredProfileSchema.parse(JSON.parse(fs.readFileSync(file, "utf8")));
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** The wall clock in a time zone: date, weekday and minutes since midnight. */
function wallClock(at: Date, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      weekday: "short",
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(parts.weekday ?? "");
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/** The instant at which the zone's wall clock shows `date` `hhmm` (found by correcting the offset twice, for DST). */
function instantOf(date: string, hhmm: string, timeZone: string): Date {
  const target = Date.parse(`${date}T${hhmm}:00Z`);
  let guess = target;
  for (let i = 0; i < 2; i++) {
    const wall = wallClock(new Date(guess), timeZone);
    const shown = Date.parse(`${wall.date}T00:00:00Z`) + wall.minutes * 60_000;
    guess += target - shown;
  }
  return new Date(guess);
}

export function availability(profile: StoredProfile, now: Date): { openNow: boolean; nextOpenAt: string | null } {
  const today = wallClock(now, profile.timeZone);
  const hoursOf = (weekday: number, date: string) =>
    profile.holidays.includes(date) ? undefined : profile.hours.find((h) => h.weekday === weekday);
  const todays = hoursOf(today.weekday, today.date);
  if (todays && today.minutes >= minutesOf(todays.open) && today.minutes < minutesOf(todays.close)) {
    return { openNow: true, nextOpenAt: null };
  }
  for (let ahead = 0; ahead <= 14; ahead++) {
    const day = wallClock(new Date(now.getTime() + ahead * 86_400_000), profile.timeZone);
    const hours = hoursOf(day.weekday, day.date);
    if (!hours || (ahead === 0 && today.minutes >= minutesOf(hours.open))) continue;
    return { openNow: false, nextOpenAt: instantOf(day.date, hours.open, profile.timeZone).toISOString() };
  }
  return { openNow: false, nextOpenAt: null };
}

export function createStoreProfileService(deps: { profile: StoredProfile; clock: () => Date }) {
  return {
    profile: deps.profile,
    current(): StoreProfile {
      const { holidays: _holidays, ...profile } = deps.profile;
      return { ...profile, ...availability(deps.profile, deps.clock()) };
    },
  };
}

export type StoreProfileService = ReturnType<typeof createStoreProfileService>;
