import type { Metadata } from "next";

import { BrandTheme } from "@/components/ui/brand-theme";
import { EmbedApp } from "@/features/chat/components/embed-app";
import { getStoreBrand } from "@/lib/api/store-server";

export const metadata: Metadata = { title: "Chat", robots: { index: false } };

// The widget's panel (widget.js frames it on the store's site). Who may frame it is set by
// WIDGET_ALLOWED_ORIGINS, in src/proxy.ts.
export default async function EmbedPage() {
  const brand = await getStoreBrand();
  return (
    <>
      <BrandTheme color={brand.brandColor} />
      <EmbedApp />
    </>
  );
}
