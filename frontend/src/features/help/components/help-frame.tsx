import Link from "next/link";
import type { ReactNode } from "react";

import { BrandTheme } from "@/components/ui/brand-theme";
import { getStoreBrand } from "@/lib/api/store-server";
import { getT } from "@/lib/i18n/server";

/** The help center's page frame: a header that leads back to the chat. */
export async function HelpFrame({ children }: { children: ReactNode }) {
  const [t, brand] = await Promise.all([getT(), getStoreBrand()]);
  return (
    <div className="min-h-dvh bg-canvas text-ink">
      <BrandTheme color={brand.brandColor} />
      <header className="border-b border-line bg-surface">
        <div className="mx-auto flex h-14 max-w-3xl items-center gap-3 px-4">
          <Link href="/help" className="min-w-0 truncate font-semibold">
            <span aria-hidden="true" className="mr-1.5 text-accent">
              ◆
            </span>
            {brand.name} <span className="font-normal text-muted">{t("help.brandSuffix")}</span>
          </Link>
          <Link
            href="/"
            className="ml-auto shrink-0 rounded-lg bg-accent px-3 py-1.5 text-sm font-medium text-on-accent hover:bg-accent-strong"
          >
            {t("help.chatWithUs")}
          </Link>
        </div>
      </header>
      <main className="mx-auto max-w-3xl px-4 py-8">{children}</main>
    </div>
  );
}

export async function HelpUnavailable() {
  const [t, brand] = await Promise.all([getT(), getStoreBrand()]);
  return (
    <div role="alert" className="rounded-lg border border-line bg-surface p-6">
      <h1 className="text-xl font-semibold">{t("help.unavailableTitle")}</h1>
      <p className="mt-2 text-muted">
        {brand.supportEmail ? t("help.unavailableBody", { email: brand.supportEmail }) : t("help.unavailableBodyNoEmail")}
      </p>
    </div>
  );
}
