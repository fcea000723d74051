import { WEEKDAY_NAMES, type FieldError, type StoreSettings } from "@harbor/contracts";

/** One weekday's row of the form; a closed day keeps the times it had, for when it opens again. */
export interface DayRow {
  weekday: number;
  closed: boolean;
  open: string;
  close: string;
}

/** The settings form's values: the profile, with the week as seven rows, Monday first. */
export interface SettingsForm extends Omit<StoreSettings, "hours"> {
  days: DayRow[];
}

export const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;
export const dayName = (weekday: number) => WEEKDAY_NAMES[weekday] ?? "";

export function toForm(profile: StoreSettings): SettingsForm {
  const { hours, ...rest } = profile;
  return {
    ...rest,
    days: WEEK_ORDER.map((weekday) => {
      const open = hours.find((h) => h.weekday === weekday);
      return open ? { weekday, closed: false, open: open.open, close: open.close } : { weekday, closed: true, open: "09:00", close: "17:00" };
    }),
  };
}

/** What is sent: the open days as hours, in the order of the rows (errors come back by that index). */
export function fromForm(form: SettingsForm): StoreSettings {
  const { days, ...rest } = form;
  return {
    ...rest,
    hours: days.filter((d) => !d.closed).map(({ weekday, open, close }) => ({ weekday, open, close })),
  };
}

/**
 * The API's field errors keyed by what the form shows them beside: "hours.2.close" becomes
 * "days.<weekday>.close" (the third open day's row), "holidays.1" the second holiday sent.
 */
export function errorsByField(sent: StoreSettings, fields: FieldError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { field, message } of fields) {
    const [head, index, part] = field.split(".");
    let key = field;
    if (head === "hours" && index !== undefined) {
      const weekday = sent.hours[Number(index)]?.weekday;
      key = weekday === undefined ? "hours" : `days.${weekday}.${part === "open" ? "open" : "close"}`;
    } else if (head === "holidays" && index !== undefined) {
      key = `holidays.${sent.holidays[Number(index)] ?? index}`;
    }
    out[key] ??= message;
  }
  return out;
}
