// The store's local days and hours, across daylight saving (America/New_York: 2026-03-08 has 23
// hours, 2026-11-01 has 25) and on the far side of UTC.
import { describe, expect, it } from "vitest";
import { addDays, startOfLocalDay, wallClockAt } from "../src/services/zoned-time";

const NY = "America/New_York";

describe("zoned time", () => {
  it("finds local midnight on both sides of a daylight-saving change", () => {
    expect(startOfLocalDay("2026-03-08", NY).toISOString()).toBe("2026-03-08T05:00:00.000Z");
    expect(startOfLocalDay("2026-03-09", NY).toISOString()).toBe("2026-03-09T04:00:00.000Z");
    expect(startOfLocalDay("2026-11-01", NY).toISOString()).toBe("2026-11-01T04:00:00.000Z");
    expect(startOfLocalDay("2026-11-02", NY).toISOString()).toBe("2026-11-02T05:00:00.000Z");
    expect(startOfLocalDay("2026-06-15", "Pacific/Auckland").toISOString()).toBe("2026-06-14T12:00:00.000Z");
  });

  it("reads the local date, weekday and hour of an instant", () => {
    expect(wallClockAt("2026-03-02T04:30:00.000Z", NY)).toMatchObject({ date: "2026-03-01", weekday: 0, hour: 23 });
    expect(wallClockAt("2026-03-08T07:30:00.000Z", NY)).toMatchObject({ date: "2026-03-08", weekday: 0, hour: 3 });
    expect(wallClockAt("2026-06-14T12:00:00.000Z", "Pacific/Auckland")).toMatchObject({ date: "2026-06-15", weekday: 1, hour: 0 });
  });

  it("adds calendar days across months and years", () => {
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });
});
