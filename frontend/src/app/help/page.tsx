import type { HelpArticleSummary } from "@harbor/contracts";
import type { Metadata } from "next";
import Link from "next/link";

import { listHelpArticles } from "@/features/help/api/help-api";
import { HelpFrame, HelpUnavailable } from "@/features/help/components/help-frame";
import { getStoreBrand } from "@/lib/api/store-server";
import { getT } from "@/lib/i18n/server";

// Rendered per request: the API is not running while `next build` runs.
export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())("meta.helpCenter") };
}

function byCategory(articles: HelpArticleSummary[]): Array<[string, HelpArticleSummary[]]> {
  const groups = new Map<string, HelpArticleSummary[]>();
  for (const article of articles) {
    groups.set(article.category, [...(groups.get(article.category) ?? []), article]);
  }
  return [...groups.entries()];
}

export default async function HelpIndexPage() {
  const [t, brand] = await Promise.all([getT(), getStoreBrand()]);
  let articles: HelpArticleSummary[] | null;
  try {
    articles = await listHelpArticles();
  } catch {
    articles = null;
  }

  return (
    <HelpFrame>
      {articles === null ? (
        <HelpUnavailable />
      ) : (
        <>
          <h1 className="text-2xl font-semibold sm:text-3xl">{t("help.heading")}</h1>
          <p className="mt-2 text-muted">{t("help.intro", { store: brand.name })}</p>
          {articles.length === 0 && <p className="mt-8 text-muted">{t("help.noArticles")}</p>}
          {byCategory(articles).map(([category, items]) => (
            <section key={category} className="mt-8" aria-labelledby={`category-${category}`}>
              <h2 id={`category-${category}`} className="text-sm font-semibold uppercase tracking-wide text-muted">
                {category}
              </h2>
              <ul className="mt-3 grid gap-3 sm:grid-cols-2">
                {items.map((article) => (
                  <li key={article.slug}>
                    {/* Not prefetched: one request (and its processing) per article while the page
                        loads, for pages a reader opens one or two of (bench/README.md, "Web app"). */}
                    <Link
                      href={`/help/${encodeURIComponent(article.slug)}`}
                      prefetch={false}
                      className="block h-full rounded-xl border border-line bg-surface p-4 transition-colors hover:border-accent focus-visible:outline-2 focus-visible:outline-focus"
                    >
                      <span className="block font-medium text-ink">{article.title}</span>
                      <span className="mt-1 block text-sm text-muted">{article.summary}</span>
                    </Link>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </>
      )}
    </HelpFrame>
  );
}
