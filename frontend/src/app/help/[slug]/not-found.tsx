import Link from "next/link";

import { HelpFrame } from "@/features/help/components/help-frame";
import { getT } from "@/lib/i18n/server";

export default async function HelpArticleNotFound() {
  const t = await getT();
  return (
    <HelpFrame>
      <h1 className="text-2xl font-semibold">{t("help.articleNotFound")}</h1>
      <p className="mt-2 text-muted">{t("help.articleNotFoundBody")}</p>
      <Link href="/help" className="mt-4 inline-block font-medium text-link underline underline-offset-2">
        {t("help.browseAll")}
      </Link>
    </HelpFrame>
  );
}
