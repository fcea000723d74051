import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { BrandTheme } from "@/components/ui/brand-theme";
import { StarterQuestions } from "@/features/chat/components/starter-questions";

import { brandPalette, brandThemeCss, contrast } from "./brand-theme";
import { FALLBACK_STORE_BRAND } from "./store-brand";
import { StoreBrandProvider } from "./store-brand-context";

const LIGHT_BACKGROUNDS = ["#ffffff", "#f6f4ef"];
const DARK_BACKGROUNDS = ["#1a1f1d", "#121614"];

describe("the brand color as the accent", () => {
  it.each(["#1d5c47", "#ffd400", "#ffffff", "#000000", "#8a3b12", "#7f7f7f", "#00a3ff", "#ff00aa"])(
    "keeps every text on and in %s readable (WCAG AA), light and dark",
    (color) => {
      const palette = brandPalette(color)!;
      expect(contrast(palette.onAccent, palette.accent)).toBeGreaterThanOrEqual(4.5);
      for (const background of [...LIGHT_BACKGROUNDS, palette.light.accentSoft]) {
        expect(contrast(palette.light.accentInk, background)).toBeGreaterThanOrEqual(4.5);
      }
      for (const background of [...DARK_BACKGROUNDS, palette.dark.accentSoft]) {
        expect(contrast(palette.dark.accentInk, background)).toBeGreaterThanOrEqual(4.5);
      }
      // The page's text (ink) stays readable on the soft tint.
      expect(contrast("#1f1d1a", palette.light.accentSoft)).toBeGreaterThanOrEqual(4.5);
      expect(contrast("#ecebe6", palette.dark.accentSoft)).toBeGreaterThanOrEqual(4.5);
    },
  );

  it("uses the color as it is, unless no text would read on it", () => {
    expect(brandPalette("#1d5c47")!.accent).toBe("#1d5c47");
    expect(brandPalette("#ffd400")!.accent).toBe("#ffd400");
    // Mid grey: neither white nor ink reaches 4.5:1, so it is shaded a little.
    expect(brandPalette("#7f7f7f")!.accent).not.toBe("#7f7f7f");
  });

  it("puts dark text on a light brand color and white on a dark one", () => {
    expect(brandPalette("#ffd400")!.onAccent).toBe("#1f1d1a");
    expect(brandPalette("#1d5c47")!.onAccent).toBe("#ffffff");
  });

  it("writes nothing for anything but #rrggbb, so no text reaches the stylesheet", () => {
    for (const bad of [null, undefined, "", "green", "#fff", "#1d5c47;}body{display:none", "</style><script>"]) {
      expect(brandPalette(bad)).toBeNull();
      expect(brandThemeCss(bad)).toBe("");
    }
    const { container } = render(<BrandTheme color="red;}" />);
    expect(container.innerHTML).toBe("");
  });

  it("sets the accent variables on the page, light and dark", () => {
    const { container } = render(<BrandTheme color="#8a3b12" />);
    const css = container.querySelector("style")!.textContent!;
    expect(css).toContain(":root{--color-accent:#8a3b12;");
    expect(css).toContain("@media (prefers-color-scheme: dark){:root{--color-accent:#8a3b12;");
  });
});

describe("the store's name on the page", () => {
  it("comes from the profile the server read", () => {
    render(
      <StoreBrandProvider brand={{ name: "Cedar & Salt", supportEmail: "hello@cedarandsalt.example", brandColor: "#8a3b12" }}>
        <StarterQuestions onPick={() => {}} />
      </StoreBrandProvider>,
    );
    expect(screen.getByText(/Cedar & Salt/)).toBeInTheDocument();
    expect(screen.queryByText(/Harbor/)).toBeNull();
  });

  it("is the demo seed's only when no profile could be read", () => {
    render(<StarterQuestions onPick={() => {}} />);
    expect(screen.getByText(new RegExp(FALLBACK_STORE_BRAND.name))).toBeInTheDocument();
  });
});
