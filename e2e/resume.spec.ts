import { expect, test } from "@playwright/test";
import { conversationIdOf, fresh, replies, send } from "./support";

// The fake model's [[slow]] reply: 1.5 s before the first word, then a word every 250 ms (~9 s).
const START = "Let me walk you";
const END = "international delivery times in detail.";

test("a reply goes on through a reload, finishes on screen and is stored once", async ({ page }) => {
  await page.goto("/");
  await send(page, fresh("[[slow]] walk me through shipping"));
  await expect(replies(page).first()).toContainText(START, { timeout: 15_000 });
  await conversationIdOf(page);

  await page.reload();
  // Replayed from its start and still going: the composer offers Stop.
  await expect(replies(page).first()).toContainText(START);
  await expect(page.getByRole("button", { name: "Stop" })).toBeVisible();
  await expect(replies(page).first()).toContainText(END, { timeout: 20_000 });
  await expect(page.getByRole("button", { name: "Send" })).toBeVisible();
  await expect(replies(page)).toHaveCount(1);

  await page.reload();
  await expect(replies(page).first()).toContainText(END);
  await expect(replies(page)).toHaveCount(1);
  await expect(replies(page).first()).not.toContainText("Stopped");
});

test("Stop after a reload stops the reply on the server; it shows as stopped after another reload", async ({ page }) => {
  await page.goto("/");
  await send(page, fresh("[[slow]] tell me about shipping"));
  await expect(replies(page).first()).toContainText(START, { timeout: 15_000 });
  await conversationIdOf(page);

  await page.reload();
  await expect(replies(page).first()).toContainText(START);
  await page.getByRole("button", { name: "Stop" }).click();
  await expect(page.getByRole("button", { name: "Send" })).toBeVisible();
  // The reply is not written on meanwhile: what was stopped stays stopped.
  await page.waitForTimeout(1500);
  await page.reload();
  await expect(replies(page)).toHaveCount(1);
  const reply = replies(page).first();
  await expect(reply).toContainText(START);
  await expect(reply).toContainText("Stopped");
  expect(await reply.innerText()).not.toContain(END);
});
