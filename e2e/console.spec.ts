// The staff console against the real API: a shopper asks for a person, a staff member answers from
// the console, and both screens follow each other live (two browser contexts, no reloads).
import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import {
  conversationIdOf,
  createStaffAccount,
  expectNoHorizontalOverflow,
  fresh,
  log,
  replies,
  send,
  signInToConsole,
  staffMessages,
} from "./support";

const PASSWORD = "correct horse battery staple";
const STAFF_NAME = "Robin Tester";
let staffEmail = "";

test.beforeAll(() => {
  // One account per worker: the CLI refuses a second account with the same email.
  staffEmail = `robin-${randomUUID().slice(0, 8)}@example.com`;
  createStaffAccount({ email: staffEmail, name: STAFF_NAME, password: PASSWORD, role: "owner" });
});

async function newPage(browser: Browser, options: Parameters<Browser["newContext"]>[0] = {}): Promise<Page> {
  const context = await browser.newContext(options);
  return context.newPage();
}

/** A shopper with a conversation (one question, one agent reply) who then asks for a person. */
async function shopperAsksForPerson(shopper: Page, question: string): Promise<string> {
  await shopper.goto("/");
  await send(shopper, question);
  await expect(replies(shopper).first()).toContainText("fake model");
  const id = await conversationIdOf(shopper);
  await shopper.getByRole("button", { name: "Talk to a person" }).first().click();
  await expect(shopper.getByText("Waiting for a person")).toBeVisible();
  return id;
}

function seriousViolations(results: Array<{ violations: Array<{ id: string; impact?: string | null; nodes: Array<{ target: unknown[] }> }> }>) {
  return results
    .flatMap((result) => result.violations)
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}

test("a shopper asks for a person; staff take over, reply, hand back and resolve, all live", async ({ browser }) => {
  test.setTimeout(90_000);
  const staff = await newPage(browser);
  const shopper = await newPage(browser);
  await signInToConsole(staff, staffEmail, PASSWORD);
  await expect(staff.getByRole("tab", { name: /Waiting/ })).toHaveAttribute("aria-selected", "true");

  const id = await shopperAsksForPerson(shopper, fresh("Can I return a gift without the receipt?"));
  // The agent stays quiet while the conversation waits, and the shopper's chat never shows the console.
  expect(await shopper.locator('a[href*="/console"]').count()).toBe(0);

  // The inbox shows the new handoff without a reload, and counts it in the page title.
  const row = staff.locator(`a[href="/console/c/${id}"]`);
  await expect(row).toBeVisible();
  await expect(row).toContainText(/\d+ s|\d+ min/);
  await expect(staff).toHaveTitle(/^\(\d+\+?\) Inbox · Console$/);

  await row.click();
  await expect(staff).toHaveURL(new RegExp(`/console/c/${id}$`));
  await expect(staff.getByText("Handoff reason")).toBeVisible();
  await staff.getByRole("button", { name: "Take over" }).click();
  const reply = staff.getByRole("textbox", { name: "Reply to the shopper" });
  await expect(reply).toBeEnabled();

  // The shopper sees who joined (the store's name comes from the API's store profile).
  await expect(log(shopper).getByText(new RegExp(`^${STAFF_NAME} from .+ joined$`))).toBeVisible();

  await reply.fill("Hi, Robin here. Yes, we can do a store credit.");
  await expect(shopper.getByText(`${STAFF_NAME} is typing…`)).toBeVisible();
  await reply.press("Enter");
  await expect(staff.getByRole("list", { name: "Transcript" })).toContainText("Robin here");

  const fromStaff = staffMessages(shopper).first();
  await expect(fromStaff).toContainText("Yes, we can do a store credit.");
  await expect(fromStaff).toContainText(STAFF_NAME);

  // While a person has it, the agent does not answer.
  const repliesBefore = await replies(shopper).count();
  await send(shopper, "Great, how do I get it?");
  await expect(staff.getByRole("list", { name: "Transcript" })).toContainText("Great, how do I get it?");
  await shopper.waitForTimeout(1000);
  expect(await replies(shopper).count()).toBe(repliesBefore);

  await staff.getByRole("button", { name: "Hand back to the assistant" }).click();
  await expect(log(shopper).getByText("The assistant is back")).toBeVisible();

  const question = fresh("And how long does shipping take?");
  await send(shopper, question);
  await expect(replies(shopper).last()).toContainText("fake model answering");
  await expect(replies(shopper)).toHaveCount(repliesBefore + 1);

  await staff.getByRole("button", { name: "Resolve" }).click();
  await expect(staff.getByText("Resolved", { exact: true }).first()).toBeVisible();
  await expect(shopper.getByRole("button", { name: "Ask something else" })).toBeVisible();

  // Everything above also holds after a reload (it comes from the messages response).
  await shopper.reload();
  await expect(staffMessages(shopper).first()).toContainText("store credit");
  await expect(shopper.getByRole("button", { name: "Ask something else" })).toBeVisible();
});

test("a shopper's <script> or javascript: link does nothing in the console", async ({ browser }) => {
  const shopper = await newPage(browser);
  const staff = await newPage(browser);
  const dialogs: string[] = [];
  staff.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const hostile = fresh(
    `<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2"> [click me](javascript:window.__xss=3) <a href="javascript:alert(1)">link</a>`,
  );
  const id = await shopperAsksForPerson(shopper, hostile);

  await signInToConsole(staff, staffEmail, PASSWORD);
  const row = staff.locator(`a[href="/console/c/${id}"]`);
  await expect(row).toBeVisible();
  await row.click();
  const transcript = staff.getByRole("list", { name: "Transcript" });
  const shopperMessage = transcript.locator('article[data-role="user"]').first();
  // The text arrives as text, markup and all.
  await expect(shopperMessage).toContainText("<script>window.__xss = 1</script>");
  await expect(shopperMessage).toContainText("[click me](javascript:window.__xss=3)");
  expect(await transcript.locator("script, img, iframe").count()).toBe(0);
  for (const href of await staff.locator("main a").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""))) {
    expect(href).not.toMatch(/^\s*javascript:/i);
  }
  await shopperMessage.click();
  await staff.waitForTimeout(300);
  expect(await staff.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(dialogs).toEqual([]);
});

test("console pages send a strict nonce-based CSP, refuse framing, and load no chat code", async ({ page }) => {
  const response = await page.goto("/console/sign-in");
  const policy = response?.headers()["content-security-policy"] ?? "";
  expect(policy).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toMatch(/connect-src 'self' https?:\/\/[^ ;]+/);
  // Next put the same nonce on its scripts, so the page is interactive under the policy.
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
  const scriptNonces = await page.locator("script[nonce]").evaluateAll((scripts) => scripts.map((s) => (s as HTMLScriptElement).nonce));
  expect(scriptNonces.length).toBeGreaterThan(0);
  expect(new Set(scriptNonces)).toEqual(new Set([nonce]));
  await page.getByLabel("Email").fill("nobody@example.com");
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "don't match" })).toBeVisible();

  // The shopper's chat carries no such policy (only who may frame it: the app itself), and no console code.
  const chat = await page.goto("/");
  expect(chat?.headers()["content-security-policy"]).toBe("frame-ancestors 'self'");
});

test("console pages: no serious accessibility violations, keyboard only, and fit 360 px", async ({ browser }) => {
  test.setTimeout(60_000);
  const shopper = await newPage(browser);
  const id = await shopperAsksForPerson(shopper, fresh("I'd like to talk to someone about my order"));

  const staff = await newPage(browser, { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  await staff.goto("/console/sign-in");
  const signIn = await new AxeBuilder({ page: staff }).analyze();
  await expectNoHorizontalOverflow(staff);

  // Keyboard only: type, Tab to the button, Enter.
  await staff.getByLabel("Email").focus();
  await staff.keyboard.type(staffEmail);
  await staff.keyboard.press("Tab");
  await staff.keyboard.type(PASSWORD);
  await staff.keyboard.press("Enter");
  await expect(staff.getByRole("heading", { level: 1, name: "Inbox" })).toBeVisible();
  const row = staff.locator(`a[href="/console/c/${id}"]`);
  await expect(row).toBeVisible();
  const inbox = await new AxeBuilder({ page: staff }).analyze();
  await expectNoHorizontalOverflow(staff);

  await row.focus();
  await staff.keyboard.press("Enter");
  await expect(staff.getByRole("heading", { level: 1 })).toBeFocused();
  await staff.getByRole("button", { name: "Take over" }).focus();
  await staff.keyboard.press("Enter");
  await expect(staff.getByRole("textbox", { name: "Reply to the shopper" })).toBeEnabled();
  const conversation = await new AxeBuilder({ page: staff }).analyze();
  await expectNoHorizontalOverflow(staff);

  expect(seriousViolations([signIn, inbox, conversation])).toEqual([]);

  // Sign out leads back to the sign-in page, and the inbox is then closed.
  await staff.getByRole("button", { name: "Sign out" }).click();
  await expect(staff).toHaveURL(/\/console\/sign-in$/);
  await staff.goto("/console");
  await expect(staff).toHaveURL(/\/console\/sign-in$/);
});
