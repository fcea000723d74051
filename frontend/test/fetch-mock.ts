import { vi } from "vitest";

type Handler = (url: URL, init: RequestInit | undefined) => Response | Promise<Response>;

/** Replaces global fetch with a list of routes; unmatched requests fail the test loudly. */
export function mockFetch(routes: Array<{ method?: string; path: RegExp; handle: Handler }>) {
  const spy = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    const method = (init?.method ?? "GET").toUpperCase();
    const route = routes.find((candidate) => (candidate.method ?? "GET") === method && candidate.path.test(url.pathname));
    if (!route) throw new Error(`Unexpected request ${method} ${url.pathname}`);
    return route.handle(url, init);
  });
  vi.stubGlobal("fetch", spy);
  return spy;
}

export function json(body: unknown, init: ResponseInit = {}): Response {
  return new Response(JSON.stringify(body), {
    status: 200,
    ...init,
    headers: { "Content-Type": "application/json", ...(init.headers ?? {}) },
  });
}

export function apiError(status: number, code: string, message: string, headers: Record<string, string> = {}) {
  return json({ error: { code, message, requestId: "req-1" } }, { status, headers });
}

/** An AI SDK UI message stream (Server-Sent Events), as the API sends it. */
export function uiStream(chunks: unknown[], headers: Record<string, string> = {}): Response {
  const body = `${chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join("")}data: [DONE]\n\n`;
  return new Response(body, {
    status: 200,
    headers: { "Content-Type": "text/event-stream", "x-vercel-ai-ui-message-stream": "v1", ...headers },
  });
}

export const ids = {
  conversation: "11111111-1111-4111-8111-111111111111",
  userMessage: "22222222-2222-4222-8222-222222222222",
  reply: "33333333-3333-4333-8333-333333333333",
};

/**
 * A live-event stream (Server-Sent Events) the test feeds by hand: `send` writes one event,
 * `comment` a keepalive, `close` ends the stream (the reader then reconnects).
 */
export function liveStream() {
  const encoder = new TextEncoder();
  let controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });
  return {
    response: () =>
      new Response(body, { status: 200, headers: { "Content-Type": "text/event-stream", "Cache-Control": "no-cache" } }),
    send(event: unknown) {
      controller?.enqueue(encoder.encode(`data: ${JSON.stringify(event)}\n\n`));
    },
    raw(text: string) {
      controller?.enqueue(encoder.encode(text));
    },
    comment(text = "keepalive") {
      controller?.enqueue(encoder.encode(`: ${text}\n\n`));
    },
    close() {
      try {
        controller?.close();
      } catch {
        // already closed
      }
    },
  };
}

/** A stream that stays open and says nothing: for tests that do not look at live events. */
export function silentStream(): Response {
  return new Response(new ReadableStream({ start() {} }), { status: 200, headers: { "Content-Type": "text/event-stream" } });
}

export function replyStream(text: string, options: { visitorToken?: string; status?: string } = {}) {
  return uiStream([
    { type: "start", messageId: ids.reply },
    {
      type: "data-conversation",
      transient: true,
      data: {
        conversationId: ids.conversation,
        replyId: ids.reply,
        status: options.status ?? "bot",
        visitorToken: options.visitorToken,
        userMessage: {
          id: ids.userMessage,
          role: "user",
          content: "hi",
          createdAt: new Date().toISOString(),
          status: "complete",
          sources: [],
          feedback: null,
          author: null,
        },
      },
    },
    { type: "text-start", id: "t1" },
    { type: "text-delta", id: "t1", delta: text },
    { type: "text-end", id: "t1" },
    { type: "source-url", sourceId: "returns", url: "/help/returns-and-refunds", title: "Returns and refunds" },
    { type: "finish" },
  ]);
}
