// The owner's side against the real API and the real browser: an article written from a shopper's
// question is live at once (help center and the agent's sources), and the insights page shows what
// the other tests' conversations did. The article is deleted at the end: the e2e tests share one
// database.
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { createStaffAccount, fresh, replies, send } from "./support";

const PASSWORD = "correct horse battery staple";
let ownerEmail = "";

test.beforeAll(() => {
  ownerEmail = `owner-${randomUUID().slice(0, 8)}@example.com`;
  createStaffAccount({ email: ownerEmail, name: "Olive Owner", password: PASSWORD, role: "owner" });
});

async function signIn(page: Page) {
  await page.goto("/console/sign-in");
  await page.getByLabel("Email").fill(ownerEmail);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Inbox" })).toBeVisible();
}

test("an article written from a shopper's question is in the help center and the agent's sources at once", async ({ page, browser }) => {
  await signIn(page);
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Knowledge" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Knowledge" })).toBeVisible();

  const question = "Do you engrave cutting boards?";
  await page.goto(`/console/knowledge/new?question=${encodeURIComponent(question)}`);
  await expect(page.getByLabel("Title")).toHaveValue(question);
  await expect(page.getByLabel("Slug")).toHaveValue("do-you-engrave-cutting-boards");
  await page.getByLabel("Summary").fill("Cutting boards can be engraved with up to 20 characters for $12.");
  await page.getByLabel("Body (markdown)").fill("We **engrave cutting boards** with up to 20 characters for $12. Add it on the product page.");
  await expect(page.getByRole("region", { name: "Preview" }).locator("strong")).toHaveText("engrave cutting boards");
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page).toHaveURL(/\/console\/knowledge\/[0-9a-f-]{36}$/);

  // The help center and the agent read it now, without a restart.
  const shopper = await browser.newPage();
  await shopper.goto("/help/do-you-engrave-cutting-boards");
  await expect(shopper.getByRole("heading", { level: 1 })).toHaveText(question);
  await expect(shopper.locator("main")).toContainText("up to 20 characters for $12");
  await shopper.goto("/");
  await send(shopper, fresh("can you engrave my cutting board?"));
  const sources = replies(shopper).first().getByRole("list", { name: "Sources" });
  await expect(sources.getByRole("link", { name: question })).toHaveAttribute("href", "/help/do-you-engrave-cutting-boards");
  await shopper.close();

  // Taken back: deleted after a confirm, and gone from the help center.
  await page.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
  await expect(page).toHaveURL(/\/console\/knowledge$/);
  expect((await page.request.get("http://127.0.0.1:3001/api/help/do-you-engrave-cutting-boards")).status()).toBe(404);
});

test("the insights page shows the store's figures, each chart with its table and drill-down", async ({ page }) => {
  await signIn(page);
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Insights" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Insights" })).toBeVisible();
  const conversations = page.getByRole("region", { name: "Conversations per day" });
  await expect(conversations).toContainText(/\d+ conversations? started/);
  await conversations.getByRole("button", { name: /^List the \d+ conversations$/ }).click();
  await expect(conversations.getByRole("button", { name: /^Hide the conversations$/ })).toBeVisible();
  await conversations.getByRole("button", { name: "Show table" }).click();
  await expect(conversations.getByRole("button", { name: "Show chart" })).toBeVisible();
  await expect(conversations.getByRole("table").first()).toBeVisible();
  await expect(conversations.getByRole("link", { name: /Download CSV/ })).toBeVisible();
});
