import { brandThemeCss } from "@/lib/brand-theme";

/**
 * The store's brand color as the accent of the page it is rendered in (the chat, the embed, the
 * help center; not the console, whose policy admits no inline style). The color is checked to be
 * "#rrggbb" before it reaches the stylesheet.
 */
export function BrandTheme({ color }: { color: string | null }) {
  const css = brandThemeCss(color);
  return css ? <style data-brand-theme="">{css}</style> : null;
}
