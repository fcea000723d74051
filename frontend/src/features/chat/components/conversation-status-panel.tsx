"use client";

import type { ConversationStatus, StoreProfile } from "@harbor/contracts";

import { Button } from "@/components/ui/button";
import { useT } from "@/lib/i18n/i18n-provider";

import { HandoffButton } from "./handoff-button";
import { WaitingNotice } from "./waiting-notice";

interface ConversationStatusPanelProps {
  status: ConversationStatus;
  assigneeName: string | null;
  store: StoreProfile | null;
  onHandoff(): Promise<void>;
  /** Resolved: moves the focus to the composer; sending a message reopens the conversation. */
  onAskMore(): void;
}

/** Above the composer: who answers now, and the way to a person (or back to asking). */
export function ConversationStatusPanel({ status, assigneeName, store, onHandoff, onAskMore }: ConversationStatusPanelProps) {
  const t = useT();
  return (
    <div className="mx-auto w-full max-w-3xl px-3 pb-2 sm:px-4">
      {status === "bot" && (
        <div className="flex justify-end">
          <HandoffButton onHandoff={onHandoff} variant="ghost" />
        </div>
      )}
      {status === "waiting" && <WaitingNotice store={store} />}
      {status === "human" && (
        <p className="rounded-lg border border-line bg-accent-soft px-3 py-2 text-sm">
          {t("status.human", { name: assigneeName ?? t("status.aPerson"), team: store ? store.name : t("status.theTeam") })}
        </p>
      )}
      {status === "resolved" && (
        <div className="flex flex-wrap items-center gap-2 rounded-lg border border-line bg-surface px-3 py-2 text-sm">
          <p className="min-w-0 flex-1">{t("status.resolved")}</p>
          <Button size="sm" onClick={onAskMore}>
            {t("status.askMore")}
          </Button>
        </div>
      )}
    </div>
  );
}
