"use client";

import type { FeedbackRating } from "@harbor/contracts";

import { useT } from "@/lib/i18n/i18n-provider";

import type { Announcement, ChatEntry } from "../state/chat-types";
import { announcementText } from "./chat-words";
import { MessageItem } from "./message-item";
import { NoticeItem } from "./notice-item";

export { ConversationStatusPanel } from "./conversation-status-panel";
export { TypingIndicator } from "./typing-indicator";
export { LiveConversation } from "../state/use-live-conversation";

/** The live region's sentence for an announcement (chat-words.ts). */
export function AnnouncementText({ announcement }: { announcement: Announcement }) {
  return announcementText(useT(), announcement);
}

export interface EntryListProps {
  entries: ChatEntry[];
  cooldown: number;
  onRetry(localId: string): void;
  onRate(messageId: string, rating: FeedbackRating | null, reason?: string): Promise<void>;
  storeName?: string | null;
  handoffKey?: string | null;
  onHandoff?(): Promise<void>;
}

/** The conversation's messages and notices (loaded with the first of them: see load-entry-views.ts). */
export function EntryList({ entries, cooldown, onRetry, onRate, storeName, handoffKey, onHandoff }: EntryListProps) {
  return entries.map((entry) =>
    entry.notice ? (
      <NoticeItem key={entry.key} notice={entry.notice} storeName={storeName ?? null} />
    ) : (
      <MessageItem
        key={entry.key}
        entry={entry}
        cooldown={entry.delivery === "failed" ? cooldown : 0}
        onRetry={onRetry}
        onRate={onRate}
        storeName={storeName}
        onHandoff={entry.key === handoffKey ? onHandoff : undefined}
      />
    ),
  );
}
