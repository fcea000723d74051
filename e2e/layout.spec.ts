import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { expectNoHorizontalOverflow, fresh, replies, send } from "./support";

const artifacts = path.join(__dirname, "artifacts");
fs.mkdirSync(artifacts, { recursive: true });

test("works on a 360 px phone: the sidebar is a drawer and nothing overflows", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto("/");
  await expectNoHorizontalOverflow(page);
  await expect(page.getByRole("navigation", { name: "Conversations" })).toBeHidden();
  await send(page, fresh("Can I pay in installments? " + "a-very-long-unbroken-word".repeat(8)));
  await expect(replies(page).first()).toBeVisible();
  await expectNoHorizontalOverflow(page);
  await page.screenshot({ path: path.join(artifacts, "mobile-chat.png") });
  await page.getByRole("button", { name: "Open conversations" }).click();
  await expect(page.getByRole("navigation", { name: "Conversations" })).toBeVisible();
  await page.screenshot({ path: path.join(artifacts, "mobile-drawer.png") });
  await context.close();
});

test("desktop screenshot and no serious accessibility violations", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/");
  const empty = await new AxeBuilder({ page }).analyze();
  await send(page, fresh("What is your return policy?"));
  await expect(replies(page).first()).toContainText("fake model");
  await page.screenshot({ path: path.join(artifacts, "desktop-chat.png") });
  const withChat = await new AxeBuilder({ page }).analyze();
  await page.goto("/help/return-policy");
  const help = await new AxeBuilder({ page }).analyze();
  const serious = [empty, withChat, help]
    .flatMap((r) => r.violations)
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(serious).toEqual([]);
});

test("every control is reachable by keyboard", async ({ page }) => {
  await page.goto("/");
  const reached = new Set<string>();
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press("Tab");
    const name = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return el ? el.getAttribute("aria-label") || el.textContent?.trim() || el.tagName : "";
    });
    reached.add(name);
  }
  expect([...reached]).toEqual(expect.arrayContaining(["New chat", "Message"]));
});

test("the chat page loads at most 150 kB of JavaScript (gzip) on first visit (issue 13)", async ({ page }) => {
  const scripts = new Map<string, Buffer>();
  page.on("response", async (response) => {
    if (response.request().resourceType() === "script") {
      scripts.set(response.url(), await response.body().catch(() => Buffer.alloc(0)));
    }
  });
  await page.goto("/", { waitUntil: "networkidle" });
  const gzipBytes = [...scripts.values()].reduce((sum, body) => sum + zlib.gzipSync(body, { level: 9 }).length, 0);
  const kB = gzipBytes / 1000;
  fs.writeFileSync(
    path.join(artifacts, "first-load-js.json"),
    JSON.stringify({ kB, files: [...scripts.keys()].map((u) => new URL(u).pathname) }, null, 2),
  );
  expect(kB).toBeLessThanOrEqual(150);
});
