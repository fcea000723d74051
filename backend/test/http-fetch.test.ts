// The model adapter's transport (src/llm/http-fetch.ts) against a real HTTP server: what the AI
// SDK's provider relies on of a fetch.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpFetch } from "../src/llm/http-fetch";

let server: http.Server;
let base: string;
const seen: { method?: string; headers: http.IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      seen.push({ method: req.method, headers: req.headers, body });
      if (req.url === "/json") {
        res.writeHead(201, { "content-type": "application/json", "x-ratelimit-remaining": "7" });
        res.end(JSON.stringify({ echo: body }));
      } else if (req.url === "/error") {
        res.writeHead(429, { "retry-after": "1", "content-type": "application/json" });
        res.end('{"message":"slow down"}');
      } else if (req.url === "/stream") {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write("data: one\n\n");
        setTimeout(() => res.write("data: two\n\n"), 20);
        // Never ends by itself: only an abort ends it.
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe("httpFetch", () => {
  it("sends method, headers and body, and gives status, headers and the body as JSON", async () => {
    const response = await httpFetch(`${base}/json`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer k" },
      body: JSON.stringify({ a: "é" }),
    });
    expect(response.status).toBe(201);
    expect(response.ok).toBe(true);
    expect(response.headers.get("x-ratelimit-remaining")).toBe("7");
    expect(await response.json()).toEqual({ echo: '{"a":"é"}' });
    const request = seen.at(-1)!;
    expect(request.method).toBe("POST");
    expect(request.headers.authorization).toBe("Bearer k");
    expect(request.headers["content-length"]).toBe(String(Buffer.byteLength('{"a":"é"}')));
  });

  it("gives an error status as a response, not a rejection", async () => {
    const response = await httpFetch(`${base}/error`, { method: "POST", body: "{}" });
    expect(response.ok).toBe(false);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(await response.text()).toBe('{"message":"slow down"}');
  });

  it("streams the body as it comes, and an abort ends the stream with the signal's reason", async () => {
    const abort = new AbortController();
    const response = await httpFetch(`${base}/stream`, { method: "POST", body: "{}", signal: abort.signal });
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe("data: one\n\n");
    abort.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: "AbortError" });
  });

  it("rejects at once with an aborted signal, and with fetch's TypeError when nothing listens", async () => {
    await expect(httpFetch(`${base}/json`, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: "AbortError" });
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const failure = await httpFetch(`http://127.0.0.1:${port}/`, { method: "POST", body: "{}" }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as Error).message).toBe("fetch failed");
    expect(((failure as Error).cause as { code?: string }).code).toBe("ECONNREFUSED");
  });
});
