import type { ConversationStatus } from "@harbor/contracts";

import { cx } from "@/lib/cx";

import { STATUS_LABELS } from "../state/labels";

const TONES: Record<ConversationStatus, string> = {
  waiting: "border-warn text-warn",
  human: "border-accent text-accent-ink",
  bot: "border-line text-muted",
  resolved: "border-line text-muted",
};

export function StatusBadge({ status }: { status: ConversationStatus }) {
  return (
    <span className={cx("inline-flex items-center rounded-full border px-2 text-xs font-medium", TONES[status])}>
      {STATUS_LABELS[status]}
    </span>
  );
}
