// Issue 8, "Responses": caching headers, one definition of the length limit, unsafe characters.
import { randomUUID } from "node:crypto";
import { MESSAGE_MAX_CHARS } from "@harbor/contracts/limits";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { XSS_REPLY } from "./support/fake-mistral";
import { apiClient, startTestApp, type TestApp } from "./support/test-app";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ redis: false });
});
afterAll(() => t.close());
const run = randomUUID().slice(0, 8);

describe("caching headers", () => {
  it("marks private responses no-store, streams no-cache/no-transform, and leaves the help center alone", async () => {
    const first = await apiClient(t.url)("POST", "/api/chat", { message: `${run} hello` });
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("no-store");
    const api = apiClient(t.url, first.json.visitorToken);
    const id = first.json.conversationId;
    for (const res of [
      await api("GET", "/api/conversations"),
      await api("GET", `/api/chat/${id}/messages`),
      await api("PATCH", `/api/chat/${id}`, { title: "Renamed" }),
      await api("POST", "/api/chat", { message: "" }),
      await apiClient(t.url)("GET", "/api/conversations"),
    ]) {
      expect(res.headers.get("cache-control")).toBe("no-store");
    }
    const stream = await fetch(`${t.url}/api/chat/stream`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ message: `${run} a streamed question` }),
    });
    expect(stream.headers.get("cache-control")).toBe("no-cache, no-transform");
    await stream.text();
    const help = await fetch(`${t.url}/api/help`);
    expect(help.headers.get("cache-control")).not.toBe("no-store");
  });
});

describe("message length", () => {
  // 2 UTF-16 code units each: what String.length and a textarea's maxLength count.
  const emoji = "😀";

  it("accepts exactly 4000 UTF-16 code units of emoji and refuses 4001", async () => {
    expect(MESSAGE_MAX_CHARS).toBe(4000);
    const exact = emoji.repeat(MESSAGE_MAX_CHARS / 2);
    expect(exact.length).toBe(4000);
    expect([...exact].length).toBe(2000);
    const ok = await apiClient(t.url)("POST", "/api/chat", { message: exact });
    expect(ok.status).toBe(200);
    expect(ok.json.userMessage.content).toBe(exact);

    const over = `${exact}a`;
    expect(over.length).toBe(4001);
    const refused = await apiClient(t.url)("POST", "/api/chat", { message: over });
    expect(refused.status).toBe(400);
    expect(refused.json.error.message).toBe("message: message must be at most 4000 characters");
  });

  it("counts after stripping unsafe characters, so invisible padding cannot push a message over", async () => {
    const message = `${"a".repeat(MESSAGE_MAX_CHARS)}\u202E\u0000`;
    const res = await apiClient(t.url)("POST", "/api/chat", { message });
    expect(res.status).toBe(200);
    expect(res.json.userMessage.content).toBe("a".repeat(MESSAGE_MAX_CHARS));
  });
});

describe("unsafe characters", () => {
  it("strips NUL and bidi overrides from messages, titles and renames", async () => {
    const res = await apiClient(t.url)("POST", "/api/chat", {
      message: `\u202E${run} my order\u0000 is late\u2066 txt.exe\u2069`,
    });
    expect(res.status).toBe(200);
    expect(res.json.userMessage.content).toBe(`${run} my order is late txt.exe`);
    const api = apiClient(t.url, res.json.visitorToken);
    const list = await api("GET", "/api/conversations");
    expect(list.json.conversations[0].title).toBe(`${run} my order is late txt.exe`);

    const renamed = await api("PATCH", `/api/chat/${res.json.conversationId}`, { title: "Invoice\u202Egpj.exe\u0000" });
    expect(renamed.status).toBe(200);
    expect(renamed.json.title).toBe("Invoicegpj.exe");
  });

  it("refuses a message that is nothing but unsafe characters with a clear 400", async () => {
    const res = await apiClient(t.url)("POST", "/api/chat", { message: "\u202E\u0000\u2066 " });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toBe("message: message must not be empty");
  });
});

describe("model text", () => {
  it("is returned as it came, and the README tells other clients to escape it", async () => {
    t.mistral!.script({ text: XSS_REPLY });
    const res = await apiClient(t.url)("POST", "/api/chat", { message: `${run} show me some markup` });
    expect(res.json.reply.content).toBe(XSS_REPLY);
    const stored = await apiClient(t.url, res.json.visitorToken)("GET", `/api/chat/${res.json.conversationId}/messages`);
    expect(stored.json.messages[1].content).toBe(XSS_REPLY);

    const readme = fs.readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../README.md"), "utf8");
    const apiSection = readme.slice(readme.indexOf("## The API"), readme.indexOf("## Settings"));
    expect(apiSection).toContain("**Model text is returned as it came.**");
    expect(apiSection).toMatch(/must escape or sanitize\s+them/);
  });
});
