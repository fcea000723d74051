"use client";

import { useT } from "@/lib/i18n/i18n-provider";

export function TypingIndicator({ label }: { label?: string }) {
  const t = useT();
  return (
    <div role="status" className="flex items-center gap-2 px-1 py-2 text-sm text-muted">
      <span className="typing-dots" aria-hidden="true">
        <span />
        <span />
        <span />
      </span>
      {label ?? t("chat.agentTyping")}
    </div>
  );
}
