import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";

import { DICTIONARIES } from "@/lib/i18n/dictionaries";
import { I18nProvider } from "@/lib/i18n/i18n-provider";
import { getLocale, getT } from "@/lib/i18n/server";
import { STORE_BRAND } from "@/lib/store-brand";

import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getT();
  const title = t("meta.title", { store: STORE_BRAND.name });
  return {
    title: { default: title, template: `%s · ${title}` },
    description: t("meta.description", { store: STORE_BRAND.name }),
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
// so every page is rendered per request, in the shopper's language from the first byte.
export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body>
        <I18nProvider locale={locale} messages={DICTIONARIES[locale]}>
          {children}
        </I18nProvider>
      </body>
    </html>
  );
}
