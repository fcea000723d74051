import { expect, test } from "@playwright/test";
import { fresh, replies, send } from "./support";

test("looks up an order for its owner and shows status and tracking", async ({ page }) => {
  await page.goto("/");
  await send(page, "where is my order HP-10042, my email is jane.doe@example.com");
  await expect(replies(page).first()).toContainText("shipped");
  await expect(replies(page).first()).toContainText("1Z999AA10123456784");
});

test("shows the order lookup while the tool runs", async ({ page }) => {
  await page.goto("/");
  await send(page, fresh("[[slow]] where is my order HP-10043? email sam.lee@example.com"));
  await expect(page.getByText("Looking up order HP-10043")).toBeVisible();
  await expect(replies(page).first()).toContainText("delivered");
});

test("a returns question shows a source that opens the help center article", async ({ page }) => {
  await page.goto("/");
  await send(page, fresh("how many days do I have to return something?"));
  const sources = replies(page).first().getByRole("list", { name: "Sources" });
  await expect(sources).toBeVisible();
  const link = sources.getByRole("link").first();
  await expect(link).toHaveAttribute("href", /\/help\/return-policy$/);
  await link.click();
  await expect(page).toHaveURL(/\/help\/return-policy$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.locator("main")).toContainText("30 days");
});

test("feedback on a reply is kept across a reload", async ({ page }) => {
  await page.goto("/");
  await send(page, fresh("Do you have gift cards?"));
  const reply = replies(page).first();
  await expect(reply).toContainText("fake model");
  await reply.getByRole("button", { name: "Helpful", exact: true }).click();
  await expect(reply.getByRole("button", { name: "Helpful", exact: true })).toHaveAttribute("aria-pressed", "true");
  await page.waitForTimeout(300);
  await page.reload();
  await expect(replies(page).first().getByRole("button", { name: "Helpful", exact: true })).toHaveAttribute("aria-pressed", "true");
});

test("the help center lists every article", async ({ page }) => {
  await page.goto("/help");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(await page.locator("main a[href^='/help/']").count()).toBeGreaterThanOrEqual(18);
  const missing = await page.goto("/help/no-such-article");
  expect(missing?.status()).toBe(404);
});
