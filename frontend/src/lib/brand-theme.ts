// The store's brand color as the chat's accent. globals.css defines the theme's colors as CSS
// variables; a brand color replaces the accent ones, each derived so text keeps WCAG AA contrast
// (4.5:1) whatever color an owner picks: the text on the accent is white or ink, whichever reads
// better (a mid-tone that neither reads on is shaded until one does), and the accent's text color is
// darkened (light mode) or lightened (dark mode) until it reads.

type Rgb = [number, number, number];

const HEX = /^#[0-9a-f]{6}$/i;
const WHITE: Rgb = [255, 255, 255];
const BLACK: Rgb = [0, 0, 0];
// globals.css: --color-ink, --color-surface and --color-canvas, light and dark.
const INK: Rgb = [0x1f, 0x1d, 0x1a];
const LIGHT_SURFACES: Rgb[] = [WHITE, [0xf6, 0xf4, 0xef]];
const DARK_SURFACES: Rgb[] = [
  [0x1a, 0x1f, 0x1d],
  [0x12, 0x16, 0x14],
];
const AA = 4.5;

const toRgb = (hex: string): Rgb => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as Rgb;
const toHex = (rgb: Rgb) => `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, "0")).join("")}`;
const mix = (a: Rgb, b: Rgb, amountOfB: number): Rgb => a.map((c, i) => c + (b[i]! - c) * amountOfB) as Rgb;

/** WCAG 2.x relative luminance. */
function luminance(rgb: Rgb): number {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a: string | Rgb, b: string | Rgb): number {
  const [la, lb] = [a, b].map((c) => luminance(typeof c === "string" ? toRgb(c) : c)) as [number, number];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** The color moved toward `toward` in small steps until it reads on every background. */
function readableOn(color: Rgb, backgrounds: Rgb[], toward: Rgb): Rgb {
  for (let step = 0; step <= 20; step++) {
    const candidate = mix(color, toward, step / 20);
    if (backgrounds.every((bg) => contrast(candidate, bg) >= AA)) return candidate;
  }
  return toward;
}

export interface BrandPalette {
  accent: string;
  accentStrong: string;
  onAccent: string;
  light: { accentSoft: string; accentInk: string };
  dark: { accentSoft: string; accentInk: string };
}

/** The accent variables for a brand color; null for anything but "#rrggbb" (the theme stays as it is). */
export function brandPalette(color: string | null | undefined): BrandPalette | null {
  if (!color || !HEX.test(color)) return null;
  const picked = toRgb(color);
  const onAccent = contrast(WHITE, picked) >= contrast(INK, picked) ? WHITE : INK;
  const accent = readableOn(picked, [onAccent], onAccent === WHITE ? BLACK : WHITE);
  const lightSoft = mix(accent, WHITE, 0.86);
  const darkSoft = mix(accent, DARK_SURFACES[0]!, 0.75);
  return {
    accent: toHex(accent),
    // The hover shade: toward the text color's side, so the text on it reads at least as well.
    accentStrong: toHex(mix(accent, onAccent === WHITE ? BLACK : WHITE, 0.15)),
    onAccent: toHex(onAccent),
    light: { accentSoft: toHex(lightSoft), accentInk: toHex(readableOn(accent, [...LIGHT_SURFACES, lightSoft], BLACK)) },
    dark: { accentSoft: toHex(darkSoft), accentInk: toHex(readableOn(accent, [...DARK_SURFACES, darkSoft], WHITE)) },
  };
}

/** The stylesheet that puts a brand color in place of the theme's accent, light and dark; "" for none. */
export function brandThemeCss(color: string | null | undefined): string {
  const palette = brandPalette(color);
  if (!palette) return "";
  const common = `--color-accent:${palette.accent};--color-accent-strong:${palette.accentStrong};--color-on-accent:${palette.onAccent};`;
  // Links and the focus ring take the accent's readable shade too (both need its contrast).
  const shade = (mode: BrandPalette["light"]) =>
    `--color-accent-soft:${mode.accentSoft};--color-accent-ink:${mode.accentInk};--color-link:${mode.accentInk};--color-focus:${mode.accentInk};`;
  const light = shade(palette.light);
  const dark = shade(palette.dark);
  return `:root{${common}${light}}@media (prefers-color-scheme: dark){:root{${common}${dark}}}`;
}
