import type { HelpArticle } from "@harbor/contracts";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import SafeMarkdown from "@/components/ui/safe-markdown";
import { getHelpArticle } from "@/features/help/api/help-api";
import { HelpFrame, HelpUnavailable } from "@/features/help/components/help-frame";
import { getT } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

interface ArticlePageProps {
  params: Promise<{ slug: string }>;
}

async function load(slug: string): Promise<HelpArticle | null | "unavailable"> {
  try {
    return await getHelpArticle(slug);
  } catch {
    return "unavailable";
  }
}

export async function generateMetadata({ params }: ArticlePageProps): Promise<Metadata> {
  const article = await load((await params).slug);
  return { title: article && article !== "unavailable" ? article.title : (await getT())("meta.helpCenter") };
}

export default async function HelpArticlePage({ params }: ArticlePageProps) {
  const article = await load((await params).slug);
  if (article === null) notFound();
  const t = await getT();

  return (
    <HelpFrame>
      <nav aria-label={t("help.breadcrumb")} className="text-sm">
        <Link href="/help" className="text-link underline underline-offset-2">
          {t("help.brandSuffix")}
        </Link>
      </nav>
      {article === "unavailable" ? (
        <div className="mt-4">
          <HelpUnavailable />
        </div>
      ) : (
        <article className="mt-4">
          <p className="text-sm font-medium uppercase tracking-wide text-muted">{article.category}</p>
          <h1 className="mt-1 text-2xl font-semibold sm:text-3xl">{article.title}</h1>
          <p className="mt-2 text-lg text-muted">{article.summary}</p>
          <div className="mt-6 leading-relaxed">
            <SafeMarkdown>{article.body}</SafeMarkdown>
          </div>
        </article>
      )}
    </HelpFrame>
  );
}
