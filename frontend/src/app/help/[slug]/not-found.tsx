import Link from "next/link";

import { HelpFrame } from "@/features/help/components/help-frame";

export default function HelpArticleNotFound() {
  return (
    <HelpFrame>
      <h1 className="text-2xl font-semibold">Article not found</h1>
      <p className="mt-2 text-muted">This help article doesn&apos;t exist or has moved.</p>
      <Link href="/help" className="mt-4 inline-block font-medium text-link underline underline-offset-2">
        Browse all help articles
      </Link>
    </HelpFrame>
  );
}
