import type { LiveEvent } from "@harbor/contracts";
import { afterEach, describe, expect, it, vi } from "vitest";

import { apiError, liveStream, mockFetch } from "../../../test/fetch-mock";
import { createSseParser, readLiveEvents } from "./live-events";

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("createSseParser", () => {
  it("joins data lines, skips comments and handles events split across chunks and CRLF", () => {
    const seen: string[] = [];
    const parser = createSseParser((data) => seen.push(data));
    parser.push(': keepalive\n\ndata: {"type":"re');
    parser.push('ady"}\r\n\r\ndata: line one\ndata: line two\n');
    expect(seen).toEqual(['{"type":"ready"}']);
    parser.push("\nevent: ignored\nid: 7\n\n");
    expect(seen).toEqual(['{"type":"ready"}', "line one\nline two"]);
  });

  it("does not end an event on a CR that may be half of a CRLF", () => {
    const seen: string[] = [];
    const parser = createSseParser((data) => seen.push(data));
    parser.push("data: a\r");
    parser.push("\n\r");
    parser.push("\n");
    expect(seen).toEqual(["a"]);
  });
});

describe("readLiveEvents", () => {
  it("delivers events in order, ignores keepalives and malformed data, and sends the headers", async () => {
    const stream = liveStream();
    const spy = mockFetch([{ path: /\/events$/, handle: () => stream.response() }]);
    const controller = new AbortController();
    const events: LiveEvent[] = [];
    const done = readLiveEvents("http://api.test/api/chat/c1/events", {
      headers: () => ({ Authorization: "Bearer tok" }),
      signal: controller.signal,
      onEvent: (event) => events.push(event),
    });
    stream.send({ type: "ready" });
    stream.comment();
    stream.raw("data: {not json\n\n");
    stream.send({ type: "typing", conversationId: "c1", name: "Sam" });
    await vi.waitFor(() => expect(events).toHaveLength(2));
    expect(events).toEqual([{ type: "ready" }, { type: "typing", conversationId: "c1", name: "Sam" }]);
    const init = spy.mock.calls[0]?.[1];
    expect(new Headers(init?.headers).get("Authorization")).toBe("Bearer tok");
    expect(new Headers(init?.headers).get("Accept")).toBe("text/event-stream");
    controller.abort();
    await done;
  });

  it("reconnects with growing waits when the stream drops, and each connection starts with ready", async () => {
    const streams: Array<ReturnType<typeof liveStream>> = [];
    let attempts = 0;
    mockFetch([
      {
        path: /\/events$/,
        handle: () => {
          attempts += 1;
          if (attempts === 2) throw new TypeError("Failed to fetch");
          const stream = liveStream();
          streams.push(stream);
          return stream.response();
        },
      },
    ]);
    const waits: number[] = [];
    const controller = new AbortController();
    const events: string[] = [];
    const connection: boolean[] = [];
    const done = readLiveEvents("http://api.test/api/staff/events", {
      credentials: "include",
      signal: controller.signal,
      onEvent: (event) => events.push(event.type),
      onConnectionChange: (connected) => connection.push(connected),
      minDelayMs: 100,
      maxDelayMs: 1000,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    await vi.waitFor(() => expect(streams).toHaveLength(1));
    streams[0]!.send({ type: "ready" });
    await vi.waitFor(() => expect(events).toEqual(["ready"]));
    streams[0]!.close();
    // The second attempt fails at the network; the third connects again.
    await vi.waitFor(() => expect(streams).toHaveLength(2));
    streams[1]!.send({ type: "ready" });
    await vi.waitFor(() => expect(events).toEqual(["ready", "ready"]));
    expect(attempts).toBe(3);
    expect(connection).toEqual([true, false, true]);
    expect(waits).toHaveLength(2);
    // Backoff with jitter: the second wait is drawn from a doubled range.
    expect(waits[0]).toBeGreaterThanOrEqual(50);
    expect(waits[0]).toBeLessThanOrEqual(100);
    expect(waits[1]).toBeGreaterThanOrEqual(100);
    expect(waits[1]).toBeLessThanOrEqual(200);
    controller.abort();
    await done;
  });

  it("stops for good when the API refuses the stream (401)", async () => {
    const spy = mockFetch([{ path: /\/events$/, handle: () => apiError(401, "unauthorized", "Sign in") }]);
    const onFatal = vi.fn();
    await readLiveEvents("http://api.test/api/staff/events", {
      credentials: "include",
      signal: new AbortController().signal,
      onEvent: () => undefined,
      onFatal,
      sleep: async () => undefined,
    });
    expect(spy).toHaveBeenCalledTimes(1);
    expect(onFatal).toHaveBeenCalledWith(expect.objectContaining({ status: 401 }));
  });
});
