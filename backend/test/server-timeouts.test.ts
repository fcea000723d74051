// Issue 8, "Faults": a client that sends its request slowly is cut off; a reply that streams
// longer than the request timeout is not.
import net from "node:net";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../src/config";
import { parseUiStream, startTestApp, type TestApp } from "./support/test-app";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ redis: false, env: { HEADERS_TIMEOUT_MS: "1000", REQUEST_TIMEOUT_MS: "1500" } });
});
afterAll(() => t.close());

/** Sends `head` at once, then one more byte every `everyMs`; resolves with what came back once the server closes. */
function dribble(head: string, body: string, everyMs: number, giveUpMs: number) {
  return new Promise<{ closed: boolean; response: string; bytesSent: number }>((resolve) => {
    const { port } = new URL(t.url);
    const socket = net.connect(Number(port), "127.0.0.1");
    let response = "";
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    const finish = (closed: boolean) => {
      clearInterval(timer);
      clearTimeout(giveUp);
      socket.destroy();
      resolve({ closed, response, bytesSent: sent });
    };
    const giveUp = setTimeout(() => finish(false), giveUpMs);
    socket.on("data", (d) => (response += d));
    socket.on("close", () => finish(true));
    socket.on("error", () => {});
    socket.on("connect", () => {
      socket.write(head);
      timer = setInterval(() => {
        if (sent < body.length && socket.writable) socket.write(body[sent++]!);
      }, everyMs);
    });
  });
}

describe("server timeouts", () => {
  it("closes a connection whose body arrives one byte at a time", async () => {
    const body = JSON.stringify({ message: "x".repeat(60) });
    const head =
      "POST /api/chat HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n" +
      `Content-Length: ${body.length}\r\n\r\n`;
    // Without a request timeout this would still be sending after 8 s (a byte every 400 ms).
    const result = await dribble(head, body, 400, 8_000);
    expect(result.closed).toBe(true);
    expect(result.bytesSent).toBeLessThan(body.length);
    expect(result.response).toMatch(/^HTTP\/1\.1 408/);
  });

  it("closes a connection whose headers never finish", async () => {
    const result = await dribble("GET /api/health HTTP/1.1\r\nHost: localhost\r\n", "X-Slow: ".padEnd(40, "a"), 400, 8_000);
    expect(result.closed).toBe(true);
    expect(result.response).toMatch(/^HTTP\/1\.1 408/);
  });

  it("does not cut a streamed reply that runs longer than the request timeout", async () => {
    const words = Array.from({ length: 25 }, (_, i) => `word${i}`).join(" ");
    t.mistral!.script({ text: words, chunkDelayMs: 100 });
    const res = await fetch(`${t.url}/api/chat/stream`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ message: `${randomUUID()} tell me a long story` }),
    });
    const text = await res.text();
    expect(text.trim().endsWith("data: [DONE]")).toBe(true);
    const delta = parseUiStream(text)
      .filter((c) => c.type === "text-delta")
      .map((c) => c.delta)
      .join("");
    expect(delta).toBe(words);
  });

  it("has production defaults and refuses a headers timeout longer than the request timeout", () => {
    const config = parseConfig({});
    expect([config.HEADERS_TIMEOUT_MS, config.REQUEST_TIMEOUT_MS, config.KEEP_ALIVE_TIMEOUT_MS]).toEqual([15_000, 30_000, 5_000]);
    expect(() => parseConfig({ HEADERS_TIMEOUT_MS: "40000" })).toThrow(/HEADERS_TIMEOUT_MS/);
  });
});
