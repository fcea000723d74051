import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";

import { DICTIONARIES } from "@/lib/i18n/dictionaries";
import { I18nProvider } from "@/lib/i18n/i18n-provider";
import { getLocale, getT } from "@/lib/i18n/server";
import { getStoreBrand } from "@/lib/api/store-server";
import { StoreBrandProvider } from "@/lib/store-brand-context";

import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const [t, brand] = await Promise.all([getT(), getStoreBrand()]);
  const title = t("meta.title", { store: brand.name });
  return {
    title: { default: title, template: `%s · ${title}` },
    description: t("meta.description", { store: brand.name }),
  };
}

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#1a1f1d" },
  ],
};

// The language comes from the request's Accept-Language (see docs/decisions/016-web-app-languages.md),
// so every page is rendered per request, in the shopper's language from the first byte. The store's
// name and color come from its profile (docs/decisions/019-store-profile-as-data.md).
export default async function RootLayout({ children }: { children: ReactNode }) {
  const [locale, brand] = await Promise.all([getLocale(), getStoreBrand()]);
  return (
    <html lang={locale}>
      <body>
        <I18nProvider locale={locale} messages={DICTIONARIES[locale]}>
          <StoreBrandProvider brand={brand}>{children}</StoreBrandProvider>
        </I18nProvider>
      </body>
    </html>
  );
}
