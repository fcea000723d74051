// A conversation with 1,000 messages opens on its newest page and loads older ones on demand,
// keeping the reader's place. Timings are written to artifacts/, not asserted.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { log } from "./support";

const API = "http://127.0.0.1:3001";

test("opens a 1,000-message conversation and scrolls back through it", async ({ page }) => {
  const first = await fetch(`${API}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ message: `Message 0 of a long chat ${randomUUID()}` }),
  }).then((r) => r.json());
  // Seed 998 more messages straight into the API's SQLite file (WAL: safe beside the server).
  const db = new SQLite(process.env.HARBOR_E2E_DB!);
  const insert = db.prepare(
    "insert into messages (id, conversation_id, role, content, status, sources, created_at) values (?, ?, ?, ?, 'complete', '[]', ?)",
  );
  const start = Date.now() - 1000 * 60_000;
  db.transaction(() => {
    for (let i = 2; i < 1000; i++) {
      insert.run(randomUUID(), first.conversationId, i % 2 ? "assistant" : "user", `Message ${i}: about shipping and returns`, new Date(start + i * 60_000).toISOString());
    }
    db.prepare("update conversations set message_count = 1000 where id = ?").run(first.conversationId);
  })();
  db.close();

  await page.addInitScript((token) => localStorage.setItem("harbor.visitorToken", token), first.visitorToken);
  const started = Date.now();
  await page.goto(`/c/${first.conversationId}`);
  await expect(log(page)).toContainText("Message 999");
  const openMs = Date.now() - started;
  const rendered = await log(page).locator("article").count();
  expect(rendered).toBeLessThanOrEqual(100);

  // Load older pages; the message being read must stay where it is.
  const moves: number[] = [];
  // Read back like a person: scroll to the top, which loads the previous page. The message that
  // was at the top of the view must stay exactly where it was on screen.
  for (let pageNo = 0; pageNo < 5; pageNo++) {
    const count = await log(page).locator("article").count();
    const before = await page.evaluate(() => {
      const scroller = document.querySelector("[role=log]")!.parentElement!;
      scroller.scrollTop = 0;
      const first = scroller.querySelector<HTMLElement>("article[data-key]")!;
      return { key: first.dataset.key!, y: first.getBoundingClientRect().top };
    });
    await expect(log(page).locator("article")).not.toHaveCount(count);
    await expect(page.getByRole("button", { name: "Loading older messages…" })).toHaveCount(0);
    const afterY = await page.evaluate(
      (key) => document.querySelector<HTMLElement>(`article[data-key="${key}"]`)!.getBoundingClientRect().top,
      before.key,
    );
    moves.push(Math.abs(afterY - before.y));
  }
  const loaded = await log(page).locator("article").count();
  expect(loaded).toBe(300);
  fs.mkdirSync(path.join(__dirname, "artifacts"), { recursive: true });
  fs.writeFileSync(path.join(__dirname, "artifacts", "long-conversation.json"), JSON.stringify({ openMs, rendered, loaded, moves }, null, 2));
  // Less than a line of text (24 px): the reader keeps their place. Without the scroll anchoring
  // the message would jump by a whole page (about 5,000 px here).
  for (const move of moves) expect(move).toBeLessThan(24);
});
