import { describe, expect, it } from "vitest";

import { formatMessageTime, formatRelativeTime } from "./format-time";
import { englishT } from "./i18n/english";
import { es } from "./i18n/es";
import { createTranslate } from "./i18n/translate";

const spanish = createTranslate("es", es);

describe("format-time in the page's language", () => {
  const now = new Date("2025-03-04T15:00:00");

  it("formats clock times and days in the chosen language", () => {
    expect(formatMessageTime("2025-03-04T15:42:00", englishT, now)).toMatch(/^3:42\sPM$/);
    expect(formatMessageTime("2025-03-04T15:42:00", spanish, now)).toBe("15:42");
    expect(formatMessageTime("2025-02-01T15:42:00", spanish, now)).toMatch(/^1 feb/);
  });

  it("says 'just now' and relative times in the chosen language", () => {
    const at = now.getTime();
    expect(formatRelativeTime(new Date(at - 10_000).toISOString(), englishT, at)).toBe("just now");
    expect(formatRelativeTime(new Date(at - 10_000).toISOString(), spanish, at)).toBe("ahora mismo");
    expect(formatRelativeTime(new Date(at - 5 * 60_000).toISOString(), spanish, at)).toBe("hace 5 min");
  });
});
