// The store's profile: its name, contact, hours, reply time, brand color and returns page, kept in
// the database (one row) and edited by owners in the console. Every instance holds a copy in
// memory, so prompts and messages read it without a query; a save publishes `store.updated` and
// every instance re-reads the row (docs/decisions/019-store-profile-as-data.md).
import {
  StoreSettingsSchema,
  WEEKDAY_NAMES,
  type FieldError,
  type StoreProfile,
  type StoreSettings,
  type StoreSettingsResponse,
} from "@harbor/contracts";
import type { StaffMember } from "../db/staff.repo";
import type { StoreProfileRepo, StoreProfileRow } from "../db/store-profile.repo";
import { AppError, invalidFields } from "../errors";
import type { EventBus } from "../events/live-events";
import type { Logger } from "../logger";
import { wallClockAt } from "./zoned-time";

/** The facts that prompts and messages name, from the profile; never a string in code. */
export interface StoreFacts {
  name: string;
  /** "a small online store for home goods, ...": how the agent introduces the store. */
  about: string;
  supportEmail: string;
  replyTime: string;
  /** The hours in words, written from the hours and the time zone. */
  hoursText: string;
  returnsUrl: string;
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** The wall clock in a time zone: date, weekday and minutes since midnight. */
function wallClock(at: Date, timeZone: string) {
  const { date, weekday, msOfDay } = wallClockAt(at, timeZone);
  return { date, weekday, minutes: Math.floor(msOfDay / 60_000) };
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

type Schedule = Pick<StoreSettings, "hours" | "holidays" | "timeZone">;

export function availability(profile: Schedule, now: Date): { openNow: boolean; nextOpenAt: string | null } {
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

/** "Eastern Time" for America/New_York; the zone's own name where the runtime has only an offset. */
function zoneLabel(timeZone: string): string {
  const name = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longGeneric" })
    // A recent date: for an old one ICU may name what the zone was called then.
    .formatToParts(new Date(Date.UTC(2026, 0, 15)))
    .find((p) => p.type === "timeZoneName")?.value;
  return name && !/^GMT/.test(name) ? name : timeZone;
}

const clockText = (hhmm: string) => hhmm.replace(/^0(\d)/, "$1");
const listText = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;

/**
 * The hours in words, Monday first, runs of days with the same hours joined:
 * "Monday to Friday 9:00-18:00, Saturday 10:00-14:00 Eastern Time; closed on Sunday and holidays".
 */
export function describeHours(profile: Schedule): string {
  const week = [1, 2, 3, 4, 5, 6, 0];
  const runs: { first: number; last: number; text: string }[] = [];
  const closed: string[] = [];
  for (const weekday of week) {
    const hours = profile.hours.find((h) => h.weekday === weekday);
    if (!hours) {
      closed.push(WEEKDAY_NAMES[weekday]!);
      continue;
    }
    const text = `${clockText(hours.open)}-${clockText(hours.close)}`;
    const previous = runs.at(-1);
    const adjacent = previous && week.indexOf(previous.last) === week.indexOf(weekday) - 1;
    if (previous && adjacent && previous.text === text) previous.last = weekday;
    else runs.push({ first: weekday, last: weekday, text });
  }
  if (runs.length === 0) return "no regular hours";
  const open = runs
    .map(({ first, last, text }) => {
      const days =
        first === last
          ? WEEKDAY_NAMES[first]
          : week.indexOf(last) - week.indexOf(first) === 1
            ? `${WEEKDAY_NAMES[first]} and ${WEEKDAY_NAMES[last]}`
            : `${WEEKDAY_NAMES[first]} to ${WEEKDAY_NAMES[last]}`;
      return `${days} ${text}`;
    })
    .join(", ");
  const closedOn = [...closed, ...(profile.holidays.length > 0 ? ["holidays"] : [])];
  const closedText = closedOn.length > 0 ? `; closed on ${listText(closedOn)}` : "";
  return `${open} ${zoneLabel(profile.timeZone)}${closedText}`;
}

/** A stored row as the profile it holds; a row that no longer passes the rules is an error that names why. */
function parseRow(row: StoreProfileRow): StoreSettings {
  const parsed = StoreSettingsSchema.safeParse(JSON.parse(row.profile));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`the stored store profile is not valid: ${issue?.path.join(".") ?? ""} ${issue?.message ?? ""}`.trim());
  }
  return parsed.data;
}

/** Every issue of a failed parse, by field path ("hours.2.close"), each field once. */
function fieldErrorsOf(issues: readonly { path: PropertyKey[]; message: string; code: string; keys?: string[] }[]): FieldError[] {
  const fields: FieldError[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys ?? []) fields.push({ field: key, message: `Unknown field "${key}".` });
      continue;
    }
    const field = issue.path.map(String).join(".");
    if (!fields.some((f) => f.field === field)) fields.push({ field, message: issue.message });
  }
  return fields;
}

interface Held {
  settings: StoreSettings;
  revision: number;
  updatedAt: string | null;
  updatedBy: { name: string } | null;
  facts: StoreFacts;
}

/** The facts prompts, messages and articles name, from the profile's settings. */
export function factsOf(settings: StoreSettings): StoreFacts {
  return {
    name: settings.name,
    about: settings.about,
    supportEmail: settings.supportEmail,
    replyTime: settings.replyTime,
    hoursText: describeHours(settings),
    returnsUrl: settings.returnsUrl,
  };
}

function hold(row: StoreProfileRow): Held {
  const settings = parseRow(row);
  return {
    settings,
    revision: row.revision,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy ? { name: row.updatedBy.name } : null,
    facts: factsOf(settings),
  };
}

export interface StoreProfileDeps {
  repo: StoreProfileRepo;
  events: EventBus;
  clock: () => Date;
  logger: Logger;
}

/** Reads the profile row (openDatabase seeded it) and keeps it current; a row that fails the rules stops the start. */
export async function openStoreProfile(deps: StoreProfileDeps) {
  const row = await deps.repo.read();
  if (!row) throw new Error("the database has no store profile (openDatabase seeds one)");
  return createStoreProfileService(deps, row);
}

export function createStoreProfileService(deps: StoreProfileDeps, initial: StoreProfileRow) {
  let held = hold(initial);
  const changeListeners: Array<() => Promise<void>> = [];
  /** Holds a newer profile (never an older one over it) and waits for those who read its facts. */
  async function take(row: StoreProfileRow): Promise<void> {
    if (row.revision < held.revision) return;
    const changed = row.revision !== held.revision;
    held = hold(row);
    if (changed) await Promise.all(changeListeners.map((listener) => listener()));
  }
  let reloading: Promise<void> | undefined;

  async function reload(): Promise<void> {
    try {
      const row = await deps.repo.read();
      // A slower read must not put an older profile back over a newer one.
      if (row) await take(row);
    } catch (error) {
      // The copy held stays in use; the next event (or a resync) tries again.
      deps.logger.error({ err: (error as Error).message }, "store profile: reload failed; keeping the copy held");
    }
  }
  const reloadOnce = () => (reloading ??= reload().finally(() => (reloading = undefined)));

  // Another instance saved (or this one's link to the others came back and may have missed a save).
  const unsubscribe = deps.events.subscribe((event) => {
    if ((event.type === "store.updated" && event.revision > held.revision) || event.type === "resync") void reloadOnce();
  });

  function response(): StoreSettingsResponse {
    return { profile: held.settings, updatedAt: held.updatedAt, updatedBy: held.updatedBy };
  }

  return {
    /** The facts prompts and messages name, as held now. */
    facts(): StoreFacts {
      return held.facts;
    },

    /** GET /api/store: the public profile; whether the team is in changes by the minute. */
    current(): StoreProfile {
      const { name, supportEmail, timeZone, hours, replyTime, brandColor } = held.settings;
      return {
        name,
        supportEmail,
        timeZone,
        hours: [...hours].sort((a, b) => a.weekday - b.weekday),
        hoursText: held.facts.hoursText,
        replyTime,
        brandColor,
        ...availability(held.settings, deps.clock()),
      };
    },

    /** What the console's settings page edits. */
    settings: response,

    /** Replaces the profile: owners only, every field checked, then every instance hears of it. */
    async update(staff: StaffMember, input: unknown): Promise<StoreSettingsResponse> {
      if (staff.role !== "owner") {
        throw new AppError("forbidden:owner_only", 403, "Only an owner can change the store's settings.");
      }
      const parsed = StoreSettingsSchema.safeParse(input);
      if (!parsed.success) throw invalidFields(fieldErrorsOf(parsed.error.issues as never));
      const row = await deps.repo.save(
        JSON.stringify(parsed.data),
        { staffId: staff.id, name: staff.name },
        deps.clock().toISOString(),
      );
      // What reads the facts (the articles' placeholders) has them before the owner sees "saved".
      await take(row);
      deps.events.publish({ type: "store.updated", revision: row.revision });
      return response();
    },

    /** Re-reads the row now (the event does this on every other instance). */
    reload: reloadOnce,

    /** Calls `listener` each time this instance holds a newer profile (saved here or elsewhere). */
    onChange(listener: () => Promise<void>): void {
      changeListeners.push(listener);
    },

    close: () => unsubscribe(),
  };
}

export type StoreProfileService = ReturnType<typeof createStoreProfileService>;
