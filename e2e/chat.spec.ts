import { expect, test } from "@playwright/test";
import { conversationIdOf, fresh, replies, send, userMessages } from "./support";

test("sends a message and shows the streamed reply, which survives a reload", async ({ page }) => {
  await page.goto("/");
  const question = fresh("How long does shipping take?");
  await send(page, question);
  await expect(userMessages(page).first()).toContainText(question);
  await expect(replies(page).first()).toContainText("This is the fake model answering");
  const id = await conversationIdOf(page);

  await page.reload();
  await expect(userMessages(page).first()).toContainText(question);
  await expect(replies(page).first()).toContainText("This is the fake model answering");
  await expect(page.getByRole("navigation", { name: "Conversations" }).getByRole("link").first()).toHaveAttribute("href", `/c/${id}`);
});

test("shows the typing indicator, and Stop keeps the partial reply", async ({ page }) => {
  await page.goto("/");
  await send(page, fresh("[[slow]] walk me through shipping"));
  await expect(page.getByRole("status").filter({ hasText: "Agent is typing" })).toBeVisible();
  await expect(replies(page).first()).toContainText("Let me walk you", { timeout: 15_000 });
  await page.getByRole("button", { name: "Stop" }).click();
  await expect(page.getByRole("button", { name: "Send" })).toBeVisible();
  const partial = (await replies(page).first().innerText()).trim();
  expect(partial).toContain("Let me walk you");
  expect(partial).not.toContain("international delivery times in detail");

  await conversationIdOf(page);
  await page.waitForTimeout(500);
  await page.reload();
  await expect(replies(page).first()).toContainText("Let me walk you");
  expect(await replies(page).first().innerText()).not.toContain("international delivery times in detail");
});

test("shows the fallback reply when the model fails", async ({ page }) => {
  await page.goto("/");
  await send(page, fresh("[[fail]] hello"));
  await expect(replies(page).first()).toContainText("I'm having trouble responding right now. Please try again later.");
});

test("a hostile model reply runs no script and loads nothing remote", async ({ page }) => {
  const remote: string[] = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (!["localhost", "127.0.0.1"].includes(url.hostname)) remote.push(r.url());
  });
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto("/");
  await send(page, fresh("[[xss]] show me"));
  const reply = replies(page).first();
  await expect(reply).toContainText("Bold");
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(await reply.locator("script, img, iframe").count()).toBe(0);
  for (const href of await reply.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""))) {
    expect(href).not.toMatch(/^javascript:/i);
  }
  const external = reply.locator('a[href^="https://"]').first();
  await expect(external).toHaveAttribute("target", "_blank");
  await expect(external).toHaveAttribute("rel", /noopener/);
  // Clicking the neutralised javascript: link runs nothing.
  const js = reply.getByText("click me");
  if (await js.count()) await js.click();
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(remote).toEqual([]);
  expect(dialogs).toEqual([]);
});

test("two visitors never see each other's conversations", async ({ browser }) => {
  const alice = await (await browser.newContext()).newPage();
  const bob = await (await browser.newContext()).newPage();
  await alice.goto("/");
  const secret = fresh("Alice's secret question");
  await send(alice, secret);
  await expect(replies(alice).first()).toBeVisible();
  const aliceId = await conversationIdOf(alice);

  await bob.goto("/");
  await send(bob, fresh("Bob's question"));
  await expect(replies(bob).first()).toBeVisible();
  await expect(bob.getByRole("navigation", { name: "Conversations" })).not.toContainText("Alice");
  await bob.goto(`/c/${aliceId}`);
  await expect(bob.getByRole("heading", { name: "Conversation not found" })).toBeVisible();
  await expect(bob.locator("body")).not.toContainText(secret);
});

test("renames and deletes a conversation", async ({ page }) => {
  await page.goto("/");
  await send(page, fresh("Rename me"));
  await expect(replies(page).first()).toBeVisible();
  await conversationIdOf(page);
  const sidebar = page.getByRole("navigation", { name: "Conversations" });

  page.once("dialog", (d) => void d.accept("Skillet question"));
  await sidebar.getByRole("button", { name: "Rename conversation" }).first().click();
  const input = sidebar.getByRole("textbox");
  if (await input.count()) {
    await input.fill("Skillet question");
    await input.press("Enter");
  }
  await expect(sidebar).toContainText("Skillet question");
  await page.reload();
  await expect(sidebar).toContainText("Skillet question");

  await sidebar.getByRole("button", { name: "Delete conversation" }).first().click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
  await expect(sidebar).not.toContainText("Skillet question");
  await expect(page).toHaveURL(/\/$/);
  await expect(userMessages(page)).toHaveCount(0);
});

test("when the agent hands off in words, the chat shows it is waiting for a person, without a reload", async ({ page }) => {
  await page.goto("/");
  await send(page, fresh("Do you ship to Canada?"));
  await expect(replies(page)).toHaveCount(1);
  await send(page, fresh("I want to talk to a real person [[handoff]]"));
  await expect(replies(page).nth(1)).toContainText("asked a person");
  await expect(page.getByTestId("waiting-notice")).toBeVisible();
  await expect(page.getByRole("button", { name: "Talk to a person" })).toHaveCount(0);
});
