import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
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

export const staffMessages = (page: Page) => log(page).locator('article[data-role="staff"]');

/**
 * Creates a staff account in the e2e database with the project's own CLI (it reads the password
 * from standard input), the way a store owner creates the first one.
 */
export function createStaffAccount(options: { email: string; name: string; password: string; role?: "owner" | "agent" }) {
  const root = path.resolve(__dirname, "..");
  // `npm run staff` at the root; if only the backend workspace defines it, run it there.
  const rootScripts = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts?: Record<string, string> }).scripts ?? {};
  const workspace = "staff" in rootScripts ? [] : ["-w", "backend"];
  execFileSync(
    "npm",
    ["run", ...workspace, "staff", "--", "add", "--email", options.email, "--name", options.name, "--role", options.role ?? "owner"],
    {
      cwd: root,
      env: { ...process.env, DATABASE_PATH: process.env.HARBOR_E2E_DB },
      input: `${options.password}\n`,
      stdio: ["pipe", "pipe", "pipe"],
      timeout: 30_000,
    },
  );
}

export async function signInToConsole(page: Page, email: string, password: string) {
  await page.goto("/console/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/console$/);
  await expect(page.getByRole("heading", { level: 1, name: "Inbox" })).toBeVisible();
}
