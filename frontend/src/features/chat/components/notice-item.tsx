import type { ChatNotice } from "../state/chat-types";

/** A change of who answers, as one centred line in the log. */
export function NoticeItem({ notice, storeName }: { notice: ChatNotice; storeName: string | null }) {
  const name = notice.name ?? "Someone";
  const text =
    notice.kind === "joined"
      ? `${name} from ${storeName ?? "the team"} joined`
      : notice.kind === "assistant-back"
        ? "The assistant is back"
        : notice.name
          ? `${notice.name} marked this conversation resolved`
          : "This conversation was marked resolved";
  return (
    <p data-role="notice" className="flex items-center gap-3 text-center text-xs text-muted">
      <span aria-hidden="true" className="h-px flex-1 bg-line" />
      <span>{text}</span>
      <span aria-hidden="true" className="h-px flex-1 bg-line" />
    </p>
  );
}
