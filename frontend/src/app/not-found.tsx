import Link from "next/link";

import { getT } from "@/lib/i18n/server";

export default async function NotFound() {
  const t = await getT();
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-3 bg-canvas p-6 text-center text-ink">
      <h1 className="text-2xl font-semibold">{t("notFound.title")}</h1>
      <p className="text-muted">{t("notFound.body")}</p>
      <Link href="/" className="font-medium text-link underline underline-offset-2">
        {t("notFound.back")}
      </Link>
    </main>
  );
}
