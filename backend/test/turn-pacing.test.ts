// Chat turns start a few per pass of the event loop (src/middleware/turn-pacing.ts).
import type { Request, Response } from "express";
import { describe, expect, it } from "vitest";
import { turnPacing } from "../src/middleware/turn-pacing";

const nextPass = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Sends `n` requests through the middleware at once; returns the order their turns started in. */
function burst(pace: ReturnType<typeof turnPacing>, n: number) {
  const started: number[] = [];
  for (let i = 0; i < n; i++) pace({} as Request, {} as Response, () => started.push(i));
  return started;
}

describe("turn pacing", () => {
  it("starts at most perPass turns in one pass of the loop, the rest in later passes, in order", async () => {
    const started = burst(turnPacing(4), 10);
    expect(started).toEqual([0, 1, 2, 3]);
    await nextPass();
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    await nextPass();
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("lets what arrived meanwhile run between two passes", async () => {
    const pace = turnPacing(2);
    const events: string[] = [];
    /** A turn's start: a few milliseconds of CPU with nothing to wait on. */
    const busy = (ms: number) => {
      const until = performance.now() + ms;
      while (performance.now() < until);
    };
    for (let i = 0; i < 6; i++)
      pace({} as Request, {} as Response, () => {
        busy(5);
        events.push(`turn ${i}`);
      });
    // Something else due meanwhile (a timer: it runs in the loop's next pass, before its turns).
    setTimeout(() => events.push("health check"), 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(events.indexOf("health check")).toBeLessThan(events.indexOf("turn 5"));
    expect(events.filter((e) => e.startsWith("turn"))).toEqual(["turn 0", "turn 1", "turn 2", "turn 3", "turn 4", "turn 5"]);
  });

  it("starts a turn at once when the loop is quiet, and a new pass gives a new allowance", async () => {
    const pace = turnPacing(1);
    expect(burst(pace, 1)).toEqual([0]);
    await nextPass();
    await nextPass();
    expect(burst(pace, 1)).toEqual([0]);
  });
});
