"use client";

import { lazy, Suspense, type ComponentType } from "react";

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

/**
 * One view of the chunk: rendered at once when the chunk is here, else through React.lazy (the
 * fallback is nothing: what it shows is not on a new chat's first screen).
 */
function entryView<Props extends object>(pick: (views: EntryViews) => ComponentType<Props>) {
  const Lazy = lazy(() => loadEntryViews().then((module) => ({ default: pick(module) })));
  return function EntryView(props: Props) {
    if (loaded) {
      const Loaded = pick(loaded);
      return <Loaded {...props} />;
    }
    return (
      <Suspense fallback={null}>
        <Lazy {...props} />
      </Suspense>
    );
  };
}

export const EntryList = entryView((views) => views.EntryList);
export const ConversationStatusPanel = entryView((views) => views.ConversationStatusPanel);
export const TypingIndicator = entryView((views) => views.TypingIndicator);
export const AnnouncementText = entryView((views) => views.AnnouncementText);
export const LiveConversation = entryView((views) => views.LiveConversation);
