"use client";

import { lazy, Suspense, type ComponentType, type ReactNode } from "react";

type Markdown = ComponentType<{ children: string }>;

// react-markdown is the heaviest part of the log; it arrives with the first reply, not the page.
// Once it is here it renders at once: no plain-text first frame that the formatted text then
// replaces (which moved the messages below it: layout shift on a reopened conversation).
let markdownModule: Promise<Markdown> | null = null;
let LoadedMarkdown: Markdown | null = null;

function loadMarkdown(): Promise<Markdown> {
  markdownModule ??= import("@/components/ui/safe-markdown").then(
    (module) => (LoadedMarkdown = module.default as Markdown),
    (error: unknown) => {
      markdownModule = null; // a later message tries again
      throw error;
    },
  );
  return markdownModule;
}

const LazyMarkdown = lazy(() => loadMarkdown().then((component) => ({ default: component })));

/** Starts loading the formatter; resolves when it is ready (or could not be loaded: the text shows plain). */
export function preloadMarkdown(): Promise<void> {
  return loadMarkdown().then(
    () => undefined,
    () => undefined,
  );
}

export function MessageContent({ text }: { text: string }): ReactNode {
  if (LoadedMarkdown) return <LoadedMarkdown>{text}</LoadedMarkdown>;
  return (
    <Suspense fallback={<p className="whitespace-pre-wrap">{text}</p>}>
      <LazyMarkdown>{text}</LazyMarkdown>
    </Suspense>
  );
}
