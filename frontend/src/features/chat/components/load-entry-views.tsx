"use client";

import { lazy, Suspense, type ComponentProps } from "react";

// How messages look (message items, notices, feedback, the handoff offer, the status panel, the
// typing dots, the live region's sentences) and following a conversation live are
// not needed by a new chat's first screen: it comes in its own chunk, fetched side by side with a
// reopened conversation's history, on the first intent to write (with the chat engine), or by the
// first message shown. Once here it renders at once. This keeps the chat's first load within its
// 150 kB budget (bench/README.md, "Web app").
type EntryViews = typeof import("./entry-views");

let pending: Promise<EntryViews> | null = null;
let loaded: EntryViews | null = null;

export function loadEntryViews(): Promise<EntryViews> {
  pending ??= import("./entry-views").then(
    (module) => (loaded = module),
    (error: unknown) => {
      pending = null; // the next attempt tries again (the shopper may be back online)
      throw error;
    },
  );
  return pending;
}

/** Starts loading; resolves when ready or failed (what needs it then loads it itself). */
export function preloadEntryViews(): Promise<void> {
  return loadEntryViews().then(
    () => undefined,
    () => undefined,
  );
}

const LazyEntryList = lazy(() => loadEntryViews().then((module) => ({ default: module.EntryList })));
const LazyStatusPanel = lazy(() => loadEntryViews().then((module) => ({ default: module.ConversationStatusPanel })));

export function EntryList(props: ComponentProps<EntryViews["EntryList"]>) {
  if (loaded) return <loaded.EntryList {...props} />;
  return (
    <Suspense fallback={null}>
      <LazyEntryList {...props} />
    </Suspense>
  );
}

export function ConversationStatusPanel(props: ComponentProps<EntryViews["ConversationStatusPanel"]>) {
  if (loaded) return <loaded.ConversationStatusPanel {...props} />;
  return (
    <Suspense fallback={null}>
      <LazyStatusPanel {...props} />
    </Suspense>
  );
}

const LazyTypingIndicator = lazy(() => loadEntryViews().then((module) => ({ default: module.TypingIndicator })));
const LazyAnnouncementText = lazy(() => loadEntryViews().then((module) => ({ default: module.AnnouncementText })));

export function TypingIndicator(props: ComponentProps<EntryViews["TypingIndicator"]>) {
  if (loaded) return <loaded.TypingIndicator {...props} />;
  return (
    <Suspense fallback={null}>
      <LazyTypingIndicator {...props} />
    </Suspense>
  );
}

export function AnnouncementText(props: ComponentProps<EntryViews["AnnouncementText"]>) {
  if (loaded) return <loaded.AnnouncementText {...props} />;
  return (
    <Suspense fallback={null}>
      <LazyAnnouncementText {...props} />
    </Suspense>
  );
}

const LazyLiveConversation = lazy(() => loadEntryViews().then((module) => ({ default: module.LiveConversation })));

export function LiveConversation(props: ComponentProps<EntryViews["LiveConversation"]>) {
  if (loaded) return <loaded.LiveConversation {...props} />;
  return (
    <Suspense fallback={null}>
      <LazyLiveConversation {...props} />
    </Suspense>
  );
}
