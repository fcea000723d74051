import type { LiveEvent } from "@harbor/contracts";

import { ApiError, errorFromResponse, networkError } from "./api-error";

export interface LiveEventsOptions {
  /** The shopper's Authorization header; staff send their cookie instead (credentials). */
  headers?: Record<string, string> | (() => Record<string, string>);
  credentials?: RequestCredentials;
  signal: AbortSignal;
  onEvent(event: LiveEvent): void;
  /** Connected (after `ready`) or not: lets a screen say "reconnecting". */
  onConnectionChange?(connected: boolean): void;
  /** The API refused the stream for good (401, 403, 404): no more retries. */
  onFatal?(error: ApiError): void;
  /** Waits between attempts; tests pass a fake. */
  sleep?(ms: number, signal: AbortSignal): Promise<void>;
  /** First and largest wait between reconnection attempts. */
  minDelayMs?: number;
  maxDelayMs?: number;
}

const FATAL_STATUSES = new Set([400, 401, 403, 404]);

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/**
 * Splits a Server-Sent Events byte stream into the `data` of each event (WHATWG HTML §9.2.6):
 * lines end in \n, \r\n or \r; a blank line ends an event; `:` lines are comments (keepalives);
 * several `data:` lines join with \n. Fields other than data are not used by our API.
 */
export function createSseParser(onData: (data: string) => void) {
  let buffer = "";
  let data: string[] = [];
  function line(text: string) {
    if (text === "") {
      if (data.length > 0) onData(data.join("\n"));
      data = [];
      return;
    }
    if (text.startsWith(":")) return;
    const colon = text.indexOf(":");
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? "" : text.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") data.push(value);
  }
  return {
    push(chunk: string) {
      buffer += chunk;
      // A lone \r at the very end may be the first half of \r\n: keep it for the next chunk.
      const pattern = /\r\n|\r(?!$)|\n/g;
      let start = 0;
      for (let match = pattern.exec(buffer); match; match = pattern.exec(buffer)) {
        line(buffer.slice(start, match.index));
        start = match.index + match[0].length;
      }
      buffer = buffer.slice(start);
    },
  };
}

function parseEvent(data: string): LiveEvent | null {
  try {
    const event = JSON.parse(data) as LiveEvent;
    return event && typeof event === "object" && typeof event.type === "string" ? event : null;
  } catch {
    return null; // a malformed event is skipped, not fatal
  }
}

/**
 * Reads a live-event stream with fetch (EventSource cannot send an Authorization header) and
 * reconnects with exponential backoff and jitter until `signal` aborts. Every (re)connection starts
 * with a `ready` event: the caller re-reads what it shows then, so nothing said while the stream
 * was down is missed. Resolves when aborted or after a fatal refusal.
 */
export async function readLiveEvents(url: string, options: LiveEventsOptions): Promise<void> {
  const { signal } = options;
  const sleep = options.sleep ?? defaultSleep;
  const minDelay = options.minDelayMs ?? 1000;
  const maxDelay = options.maxDelayMs ?? 30_000;
  let failures = 0;

  while (!signal.aborted) {
    let connected = false;
    try {
      const headers = typeof options.headers === "function" ? options.headers() : (options.headers ?? {});
      let response: Response;
      try {
        response = await fetch(url, {
          headers: { Accept: "text/event-stream", ...headers },
          credentials: options.credentials ?? "omit",
          cache: "no-store",
          // A stream that stays open for as long as the page does: it must not compete with what
          // the page needs to show (and a high-priority request that never ends reads, to
          // Lighthouse, as a page that never finishes loading).
          priority: "low",
          signal,
        });
      } catch (error) {
        if (signal.aborted) return;
        throw error instanceof ApiError ? error : networkError();
      }
      if (!response.ok) {
        const error = await errorFromResponse(response);
        if (FATAL_STATUSES.has(response.status)) {
          options.onFatal?.(error);
          return;
        }
        throw error;
      }
      if (!response.body) throw networkError();

      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      // fetch ends the body on abort, but not every fetch (a test's, a polyfill's) does: make sure.
      const cancel = () => void reader.cancel().catch(() => undefined);
      signal.addEventListener("abort", cancel, { once: true });
      const parser = createSseParser((data) => {
        const event = parseEvent(data);
        if (!event) return;
        if (event.type === "ready") {
          connected = true;
          failures = 0;
          options.onConnectionChange?.(true);
        }
        options.onEvent(event);
      });
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          parser.push(decoder.decode(value, { stream: true }));
        }
      } finally {
        signal.removeEventListener("abort", cancel);
      }
    } catch {
      if (signal.aborted) return;
    }
    if (signal.aborted) return;
    if (connected) options.onConnectionChange?.(false);
    // The stream ended or failed: wait, longer each time, then connect again.
    failures += 1;
    const backoff = Math.min(maxDelay, minDelay * 2 ** Math.min(failures - 1, 10));
    await sleep(backoff / 2 + Math.random() * (backoff / 2), signal);
  }
}
