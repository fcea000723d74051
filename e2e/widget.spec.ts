// The widget on a store's own site: the store's page is served from another origin than the chat
// (store-site.ts), so the chat runs in a cross-site iframe, where this Chromium, like Safari, gives
// the frame no storage of its own: the conversation survives a reload through the store's storage.
import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, request as playwrightRequest, test, type Page } from "@playwright/test";

import { OTHER_ORIGIN, STORE_ORIGIN, SUPPORT_ORIGIN } from "./store-site";
import { createStaffAccount, fresh } from "./support";

const launcher = (page: Page) => page.getByRole("button", { name: /^Chat with us/ });
const panel = (page: Page) => page.frameLocator("harbor-chat iframe");
const composer = (page: Page) => panel(page).getByRole("textbox", { name: "Message" });
const chatLog = (page: Page) => panel(page).getByRole("log", { name: "Messages" });

async function ask(page: Page, text: string) {
  await composer(page).fill(text);
  await composer(page).press("Enter");
}

async function openStore(page: Page, query = "") {
  await page.goto(`${STORE_ORIGIN}/${query}`);
  await expect(launcher(page)).toBeVisible();
}

test("a shopper asks on the store's page, and the conversation is still there after a reload", async ({ page }) => {
  await openStore(page);
  await launcher(page).click();
  await expect(composer(page)).toBeFocused();
  const question = fresh("What are your shipping options?");
  await ask(page, question);
  await expect(chatLog(page).locator('article[data-role="assistant"]').first()).toContainText("fake model");

  // The frame's own storage is blocked here: the token and the open chat live on the store's origin.
  const kept = await page.evaluate(() => Object.keys(window.localStorage).sort());
  expect(kept).toEqual(["harbor-chat:harbor.visitorToken", "harbor-chat:harbor.widget.conversation"]);

  await page.reload();
  await launcher(page).click();
  await expect(chatLog(page).locator('article[data-role="user"]').first()).toContainText(question);
  await expect(chatLog(page).locator('article[data-role="assistant"]').first()).toContainText("fake model");
  // Earlier chats are one click away.
  await panel(page).getByRole("button", { name: "Earlier chats" }).click();
  await expect(panel(page).getByRole("navigation", { name: "Earlier chats" })).toContainText("What are your shipping options?");
});

test("sources open the help center on the support host, in a new tab", async ({ page }) => {
  await openStore(page);
  await launcher(page).click();
  await ask(page, fresh("how many days do I have to return something?"));
  const link = chatLog(page).getByRole("list", { name: "Sources" }).getByRole("link").first();
  await expect(link).toHaveAttribute("target", "_blank");
  const [tab] = await Promise.all([page.context().waitForEvent("page"), link.click()]);
  await expect(tab).toHaveURL(new RegExp(`^${SUPPORT_ORIGIN}/help/return-policy$`));
  expect(page.url()).toBe(`${STORE_ORIGIN}/`);
});

test("Esc closes the panel and focus goes back to the launcher; the composer gets it on open", async ({ page }) => {
  await openStore(page);
  await launcher(page).click();
  await expect(launcher(page)).toHaveAttribute("aria-expanded", "true");
  await expect(composer(page)).toBeFocused();
  await page.keyboard.press("Escape"); // heard inside the frame
  await expect(launcher(page)).toHaveAttribute("aria-expanded", "false");
  await expect(launcher(page)).toBeFocused();
  await expect(page.locator("harbor-chat iframe")).toBeHidden();

  await page.keyboard.press("Enter"); // the launcher has focus: it opens again
  await expect(composer(page)).toBeFocused();
  await page.locator("h1").click(); // focus back in the store's document
  await page.keyboard.press("Escape");
  await expect(launcher(page)).toHaveAttribute("aria-expanded", "false");
});

test("leaves the store's styles and layout alone", async ({ page }) => {
  const snapshot = () =>
    page.evaluate(() => {
      const properties = ["font-family", "font-size", "color", "background-color", "margin", "padding", "display", "position", "z-index", "line-height"];
      const styles: Record<string, string> = {};
      for (const selector of ["html", "body", "header", "h1", "p.price", "p.blurb", "button.add", ".corner"]) {
        const element = document.querySelector(selector)!;
        const computed = getComputedStyle(element);
        const box = element.getBoundingClientRect();
        styles[selector] = `${properties.map((name) => computed.getPropertyValue(name)).join("|")}|${box.x},${box.y},${box.width},${box.height}`;
      }
      return styles;
    });
  const layoutShift = () =>
    page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let total = 0;
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries() as Array<PerformanceEntry & { value: number }>) total += entry.value;
          }).observe({ type: "layout-shift", buffered: true });
          setTimeout(() => resolve(total), 300);
        }),
    );

  await page.goto(`${STORE_ORIGIN}/?widget=0`);
  const without = await snapshot();
  await openStore(page);
  expect(await snapshot()).toEqual(without);
  await launcher(page).click();
  await expect(composer(page)).toBeVisible();
  expect(await snapshot()).toEqual(without);
  expect(await layoutShift()).toBe(0);
  // Nothing was added to the store's document but the widget's own element.
  expect(await page.evaluate(() => [...document.body.children].map((element) => element.tagName.toLowerCase()).at(-1))).toBe("harbor-chat");
  expect(await page.evaluate(() => document.querySelectorAll("style, link[href*='3000']").length)).toBe(0);
});

test("the launcher stays visible and works under hostile store CSS", async ({ page }) => {
  await openStore(page, "?css=hostile");
  // `button { display: none !important }` and `* { all: unset }` do not reach into the widget, and a
  // store element at the top z-index over the corner does not cover it.
  const box = await launcher(page).boundingBox();
  expect(box?.width).toBeGreaterThanOrEqual(48);
  await launcher(page).click();
  const frameBox = await page.locator("harbor-chat iframe").boundingBox();
  expect(frameBox?.width).toBeGreaterThan(300);
  await ask(page, fresh("Do you ship to Canada?"));
  await expect(chatLog(page).locator('article[data-role="assistant"]').first()).toContainText("fake model");
});

test("works on a store page with a strict CSP (no unsafe-inline, no unsafe-eval), with no violation", async ({ page }) => {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  await openStore(page, "?csp=strict");
  await launcher(page).click();
  await ask(page, fresh("Do you have gift cards?"));
  await expect(chatLog(page).locator('article[data-role="assistant"]').first()).toContainText("fake model");
  expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
  expect(problems).toEqual([]);
});

test("only the allowed store sites may frame the chat", async ({ page, request }) => {
  const embed = await request.get(`${SUPPORT_ORIGIN}/embed`);
  expect(embed.headers()["content-security-policy"]).toBe(`frame-ancestors 'self' ${STORE_ORIGIN}`);
  const chatPage = await request.get(`${SUPPORT_ORIGIN}/`);
  expect(chatPage.headers()["content-security-policy"]).toBe("frame-ancestors 'self'");

  // The browser refuses to render /embed in a frame of a site that is not listed: an error page.
  await page.goto(OTHER_ORIGIN);
  await page.waitForLoadState("load");
  await expect.poll(() => page.frames().find((frame) => frame !== page.mainFrame())?.url()).toMatch(/^chrome-error:/);
  await expect(page.frameLocator("#chat").getByRole("textbox", { name: "Message" })).toHaveCount(0);
});

test("a shopper the store signed in gets their order without giving an email", async ({ page }) => {
  await openStore(page, "?identity=valid");
  await launcher(page).click();
  await ask(page, "where is my order HP-10042?");
  const reply = chatLog(page).locator('article[data-role="assistant"]').first();
  await expect(reply).toContainText("shipped");
  await expect(reply).toContainText("1Z999AA10123456784");
});

for (const kind of ["forged", "expired"]) {
  test(`a ${kind} identity is ignored: the shopper is asked for the email`, async ({ page }) => {
    await openStore(page, `?identity=${kind}`);
    await launcher(page).click();
    await ask(page, "where is my order HP-10042?");
    const reply = chatLog(page).locator('article[data-role="assistant"]').first();
    await expect(reply).toContainText("what is the email address on the order?");
    await expect(reply).not.toContainText("1Z999AA10123456784");
  });
}

test("a message from the team while the panel is closed shows as unread on the launcher", async ({ page }) => {
  const email = `widget-${randomUUID().slice(0, 8)}@example.com`;
  const password = "a long enough staff password";
  createStaffAccount({ email, name: "Robin", password, role: "agent" });

  await openStore(page);
  await launcher(page).click();
  await ask(page, fresh("Can a person check my order?"));
  await expect(chatLog(page).locator('article[data-role="assistant"]').first()).toContainText("fake model");
  await page.keyboard.press("Escape");
  const conversationId = await page.evaluate(() => window.localStorage.getItem("harbor-chat:harbor.widget.conversation"));

  const staff = await playwrightRequest.newContext({ baseURL: "http://localhost:3001", extraHTTPHeaders: { Origin: SUPPORT_ORIGIN } });
  expect((await staff.post("/api/staff/login", { data: { email, password } })).ok()).toBe(true);
  expect((await staff.post(`/api/staff/conversations/${conversationId}/assign`, { data: {} })).ok()).toBe(true);
  expect((await staff.post(`/api/staff/conversations/${conversationId}/messages`, { data: { content: "Hi, Robin here." } })).ok()).toBe(true);

  await expect(page.getByRole("button", { name: "Chat with us (1 unread)" })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { unreadCounts: number[] }).unreadCounts)).toEqual([1]);
  await launcher(page).click();
  await expect(chatLog(page).locator('article[data-role="staff"]')).toContainText("Robin here");
  await expect(page.getByRole("button", { name: "Chat with us", exact: true })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { unreadCounts: number[] }).unreadCounts)).toEqual([1, 0]);

  // On the next page the panel is not opened: the chat loads once the page is idle, to count.
  await page.reload();
  await expect(page.locator("harbor-chat iframe")).toHaveCount(1);
  await expect(page.locator("harbor-chat iframe")).toBeHidden();
  await expect.poll(() => panel(page).locator("article").count()).toBeGreaterThan(0);
  // Its live channel opens right after the history (a message before that is in the history, not unread).
  await page.waitForTimeout(1500);
  expect((await staff.post(`/api/staff/conversations/${conversationId}/messages`, { data: { content: "Still there?" } })).ok()).toBe(true);
  await expect(page.getByRole("button", { name: "Chat with us (1 unread)" })).toBeVisible();
  await staff.dispose();
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });

  test("the panel fills the screen and the composer stays above the keyboard", async ({ page }) => {
    // The keyboard shrinks the visual viewport; Chromium has no keyboard here, so the test does it.
    await page.addInitScript(() => {
      if (window.top !== window) return;
      const viewport = new EventTarget();
      let keyboard = 0;
      let top = 0;
      Object.defineProperties(viewport, {
        height: { get: () => window.innerHeight - keyboard },
        width: { get: () => window.innerWidth },
        offsetTop: { get: () => top },
        offsetLeft: { get: () => 0 },
        scale: { get: () => 1 },
      });
      Object.defineProperty(window, "visualViewport", { get: () => viewport });
      // iOS also scrolls the visual viewport within the page when the keyboard opens.
      (window as unknown as { showKeyboard(px: number, scrolled: number): void }).showKeyboard = (px, scrolled) => {
        keyboard = px;
        top = scrolled;
        viewport.dispatchEvent(new Event("resize"));
      };
    });
    await openStore(page);
    await launcher(page).click();
    await expect(composer(page)).toBeVisible();
    const full = await page.locator("harbor-chat iframe").boundingBox();
    expect(full).toMatchObject({ x: 0, y: 0, width: 360, height: 740 });
    expect(await composer(page).evaluate((element) => parseFloat(getComputedStyle(element).fontSize))).toBeGreaterThanOrEqual(16);

    await page.evaluate(() => (window as unknown as { showKeyboard(px: number, scrolled: number): void }).showKeyboard(300, 24));
    await expect.poll(async () => page.locator("harbor-chat iframe").boundingBox()).toMatchObject({ y: 24, height: 440 });
    // The composer's bottom is above the keyboard's top (24 + 440 in the layout viewport).
    await expect
      .poll(async () => {
        const box = await composer(page).boundingBox();
        return box ? box.y + box.height : Infinity;
      })
      .toBeLessThanOrEqual(464);
    await expect(page.locator("harbor-chat iframe").locator("xpath=..")).toHaveAttribute("aria-modal", "true");
    await panel(page).getByRole("button", { name: "Close the chat" }).click();
    await expect(launcher(page)).toBeFocused();
  });
});

test("the demo store shows the widget with the real tag, and the panel has no serious accessibility violations", async ({ page }) => {
  await page.goto(`${SUPPORT_ORIGIN}/demo-store`);
  await expect(page.locator('script[src="/widget.js"]')).toHaveCount(1);
  await launcher(page).click();
  await ask(page, fresh("Do you ship to the UK?"));
  await expect(chatLog(page).locator('article[data-role="assistant"]').first()).toContainText("fake model");

  const store = await new AxeBuilder({ page }).analyze();
  await page.goto(`${SUPPORT_ORIGIN}/embed`);
  await expect(page.getByRole("textbox", { name: "Message" })).toBeVisible();
  const embed = await new AxeBuilder({ page }).analyze();
  const serious = [store, embed]
    .flatMap((result) => result.violations)
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
  expect(serious).toEqual([]);
});
