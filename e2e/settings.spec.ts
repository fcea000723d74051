// The store settings page against the real API: an owner finds it from the console, is told beside
// the field what to fix, saves, and sees the save kept; an agent sees it read-only. The change it
// saves (a holiday years away) is one no other test looks at, and it is taken back at the end:
// the e2e tests share one database.
import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { createStaffAccount, expectNoHorizontalOverflow } from "./support";

const PASSWORD = "correct horse battery staple";
const HOLIDAY = "2031-01-02";
let ownerEmail = "";
let agentEmail = "";

test.beforeAll(() => {
  const id = randomUUID().slice(0, 8);
  ownerEmail = `owner-${id}@example.com`;
  agentEmail = `agent-${id}@example.com`;
  createStaffAccount({ email: ownerEmail, name: "Olive Owner", password: PASSWORD, role: "owner" });
  createStaffAccount({ email: agentEmail, name: "Andy Agent", password: PASSWORD, role: "agent" });
});

async function signIn(page: Page, email: string) {
  await page.goto("/console/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Inbox" })).toBeVisible();
}

function seriousViolations(results: { violations: Array<{ id: string; impact?: string | null; nodes: Array<{ target: unknown[] }> }> }) {
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}

test("an owner fixes what the API names, saves, and finds the save kept", async ({ page }) => {
  // A long walk (two saves, a reload, two accessibility scans): it took 31.8 s in one CI run on a
  // busy machine, past the default 30 s; slow() gives it three times that.
  test.slow();
  await signIn(page, ownerEmail);
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Store settings" }).click();
  await expect(page).toHaveURL(/\/console\/settings$/);
  await expect(page.getByRole("heading", { level: 1, name: "Store settings" })).toBeVisible();
  await expect(page).toHaveTitle("Store settings · Console");
  const store = await (await page.request.get("http://127.0.0.1:3001/api/store")).json();
  await expect(page.getByLabel("Store name")).toHaveValue(store.name);
  expect(seriousViolations(await new AxeBuilder({ page }).analyze())).toEqual([]);

  // A time zone that is not one: the API says so beside the field, and nothing is saved.
  const zone = page.getByLabel("Time zone");
  const original = await zone.inputValue();
  await zone.fill("Mars/Olympus_Mons");
  await page.getByRole("button", { name: "Save settings" }).click();
  const form = page.getByRole("form", { name: "Store settings" });
  await expect(form.getByRole("alert")).toContainText("one field needs fixing");
  await expect(zone).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Enter an IANA time zone, like America/New_York or Europe/Madrid.")).toBeVisible();
  // The first bad field has the focus. (Not toBeFocused: the field's list of time zones can open as
  // a popup that has the window's focus, which makes the page "inactive" while the field is focused.)
  await expect.poll(() => zone.evaluate((element) => element === document.activeElement)).toBe(true);
  expect(seriousViolations(await new AxeBuilder({ page }).analyze())).toEqual([]);

  await zone.fill(original);
  await page.getByLabel("Add a holiday").fill(HOLIDAY);
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(form.getByRole("status")).toContainText("Saved.");
  await expect(page.getByText("by Olive Owner.")).toBeVisible();

  await page.reload();
  await expect(page.getByRole("button", { name: `Remove ${HOLIDAY}` })).toBeVisible();
  await page.setViewportSize({ width: 375, height: 740 });
  await expectNoHorizontalOverflow(page);

  // Back as it was.
  await page.getByRole("button", { name: `Remove ${HOLIDAY}` }).click();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(form.getByRole("status")).toContainText("Saved.");
  await expect(page.getByRole("button", { name: `Remove ${HOLIDAY}` })).toHaveCount(0);
});

test("an agent sees the settings read-only", async ({ page }) => {
  await signIn(page, agentEmail);
  await page.goto("/console/settings");
  await expect(page.getByRole("note")).toContainText("Only an owner can change these settings.");
  await expect(page.getByLabel("Store name")).toBeDisabled();
  await expect(page.getByRole("button", { name: "Save settings" })).toHaveCount(0);
});
