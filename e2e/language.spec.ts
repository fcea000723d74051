// The web app's own words follow the browser's language (Accept-Language, from Playwright's
// locale): Spanish for a Spanish browser, English for anything we have no words for.
import { expect, test, type Page } from "@playwright/test";
import { conversationIdOf, fresh } from "./support";

/** React reports a hydration mismatch on the console: a page in the wrong language would. */
function watchHydration(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /hydrat/i.test(message.text())) problems.push(message.text());
  });
  return problems;
}

test.describe("a Spanish browser", () => {
  test.use({ locale: "es-ES" });

  test("gets the chat in Spanish from the first byte, and a person on request", async ({ page }) => {
    const problems = watchHydration(page);
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
    await expect(page).toHaveTitle("Soporte de Harbor & Pine");
    await expect(page.getByRole("heading", { name: "¿Cómo podemos ayudarte?" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Nuevo chat" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Conversaciones" })).toBeVisible();

    const composer = page.getByRole("textbox", { name: "Mensaje" });
    await expect(composer).toHaveAttribute("placeholder", "Pregunta sobre envíos, devoluciones o un pedido…");
    await composer.fill(fresh("¿Cuánto tarda el envío?"));
    await page.getByRole("button", { name: "Enviar" }).click();
    // The log's own name is Spanish too, so the shared `replies` helper (English) does not apply.
    const reply = page.getByRole("log", { name: "Mensajes" }).locator('article[data-role="assistant"]').first();
    await expect(reply).toContainText("fake model");
    await expect(reply).toHaveAttribute("aria-label", "Agente de soporte");
    await expect(page.getByRole("button", { name: "Útil", exact: true }).first()).toBeVisible();
    await conversationIdOf(page);

    await page.getByRole("button", { name: "Hablar con una persona" }).first().click();
    await expect(page.getByTestId("waiting-notice")).toContainText("Esperando a una persona");
    expect(problems).toEqual([]);
  });

  test("gets the help center's own words in Spanish", async ({ page }) => {
    await page.goto("/help");
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
    await expect(page.getByRole("link", { name: "Chatea con nosotros" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("¿Cómo podemos ayudarte?");
  });
});

test.describe("a French browser", () => {
  test.use({ locale: "fr-FR" });

  test("falls back to English", async ({ page }) => {
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("textbox", { name: "Message" })).toHaveAttribute(
      "placeholder",
      "Ask about shipping, returns or an order…",
    );
  });
});
