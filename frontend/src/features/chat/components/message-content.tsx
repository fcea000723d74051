"use client";

import { lazy, Suspense } from "react";

// react-markdown is the heaviest part of the log; it arrives with the first reply, not the page.
const SafeMarkdown = lazy(() => import("@/components/ui/safe-markdown"));

export function preloadMarkdown() {
  void import("@/components/ui/safe-markdown");
}

export function MessageContent({ text }: { text: string }) {
  return (
    <Suspense fallback={<p className="whitespace-pre-wrap">{text}</p>}>
      <SafeMarkdown>{text}</SafeMarkdown>
    </Suspense>
  );
}
