import { randomUUID } from "node:crypto";
import { expect, type Page } from "@playwright/test";

/** Redis outlives a run and caches replies by context: a fresh word keeps each question new. */
export const fresh = (text: string) => `${text} (${randomUUID().slice(0, 6)})`;

export async function send(page: Page, text: string) {
  const composer = page.getByRole("textbox", { name: "Message" });
  await composer.fill(text);
  await composer.press("Enter");
}

export const log = (page: Page) => page.getByRole("log", { name: "Messages" });
export const replies = (page: Page) => log(page).locator('article[data-role="assistant"]');
export const userMessages = (page: Page) => log(page).locator('article[data-role="user"]');

/** Waits until the URL names the new conversation and returns its id. */
export async function conversationIdOf(page: Page): Promise<string> {
  await expect(page).toHaveURL(/\/c\/[0-9a-f-]{36}$/);
  return page.url().split("/c/")[1]!;
}

export async function expectNoHorizontalOverflow(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}
