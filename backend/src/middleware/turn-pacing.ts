// Chat turns start a few per pass of the event loop (decision 026). Starting a turn costs the process a few
// milliseconds of CPU with nothing to wait on (SQLite answers synchronously): a burst of a hundred
// shoppers' messages arriving together would otherwise all start in one pass of the loop, and
// every other request (a health check, a page of messages, a staff screen) would wait behind
// them for about half a second. Past `perPass` in one pass, a turn waits for the next pass
// (setImmediate), after the loop has read what else arrived. Nothing is refused or reordered:
// turns start in the order they came, and each pass starts up to `perPass` more.
import type { RequestHandler } from "express";

export function turnPacing(perPass: number): RequestHandler {
  const waiting: Array<() => void> = [];
  let startedThisPass = 0;
  let passScheduled = false;

  const nextPass = () => {
    passScheduled = false;
    startedThisPass = 0;
    while (startedThisPass < perPass && waiting.length > 0) {
      startedThisPass += 1;
      waiting.shift()!();
    }
    if (waiting.length > 0 || startedThisPass > 0) schedule();
  };
  const schedule = () => {
    if (passScheduled) return;
    passScheduled = true;
    setImmediate(nextPass);
  };

  return (_req, _res, next) => {
    if (perPass <= 0) return next();
    if (waiting.length === 0 && startedThisPass < perPass) {
      startedThisPass += 1;
      schedule();
      return next();
    }
    waiting.push(() => next());
    schedule();
  };
}
