"use client";

import { useT } from "@/lib/i18n/i18n-provider";

import type { ChatNotice } from "../state/chat-types";
import { noticeText } from "./chat-words";

/** A change of who answers, as one centred line in the log. */
export function NoticeItem({ notice, storeName }: { notice: ChatNotice; storeName: string | null }) {
  const t = useT();
  return (
    <p data-role="notice" className="flex items-center gap-3 text-center text-xs text-muted">
      <span aria-hidden="true" className="h-px flex-1 bg-line" />
      <span>{noticeText(t, notice, storeName)}</span>
      <span aria-hidden="true" className="h-px flex-1 bg-line" />
    </p>
  );
}
