import type { KnowledgeArticleStatus } from "@harbor/contracts";

import { cx } from "@/lib/cx";

export function ArticleStatusBadge({ status }: { status: KnowledgeArticleStatus }) {
  return (
    <span
      className={cx(
        "inline-flex items-center rounded-full border px-2 text-xs font-medium",
        status === "published" ? "border-accent text-accent-ink" : "border-warn text-warn",
      )}
    >
      {status === "published" ? "Published" : "Draft"}
    </span>
  );
}
