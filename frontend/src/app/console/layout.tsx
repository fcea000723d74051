import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";

import { en } from "@/lib/i18n/en";
import { I18nProvider } from "@/lib/i18n/i18n-provider";

export const metadata: Metadata = {
  title: { default: "Console", template: "%s · Console" },
  // Staff pages are nobody's search result.
  robots: { index: false, follow: false },
};

// Rendered per request: the proxy's Content-Security-Policy nonce only reaches dynamic pages.
// The console is in English whatever the browser asks for (decision 016): its shared pieces
// (Retry, Cancel) and its `lang` say so too.
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    <I18nProvider locale="en" messages={en}>
      <div lang="en" className="contents">
        {children}
      </div>
    </I18nProvider>
  );
}
