import type { StaffMessage, StaffToolCall } from "@harbor/contracts";

import { cx } from "@/lib/cx";
import { formatMessageTime } from "@/lib/format-time";
import { useT } from "@/lib/i18n/i18n-provider";

import { flagLabel, toolLabel } from "../state/labels";

function authorOf(message: StaffMessage): string {
  if (message.role === "user") return "Shopper";
  if (message.role === "assistant") return "Assistant";
  return message.author?.name ?? "Team";
}

function foundText(call: StaffToolCall): string {
  if (call.found === true) return "found";
  if (call.found === false) return "not found";
  return "no result";
}

/**
 * The whole conversation for staff. Every text is rendered as plain text, never as HTML or
 * Markdown: what a shopper typed must not become a link or markup in the console.
 */
export function StaffTranscript({ messages }: { messages: StaffMessage[] }) {
  const t = useT();
  if (messages.length === 0) return <p className="text-sm text-muted">No messages yet.</p>;
  return (
    <ol aria-label="Transcript" className="flex flex-col gap-3">
      {messages.map((message) => {
        const author = authorOf(message);
        const time = formatMessageTime(message.createdAt, t);
        return (
          <li key={message.id}>
            <article
              data-role={message.role}
              aria-label={`${author}${time ? `, ${time}` : ""}`}
              className={cx(
                "rounded-lg border px-3 py-2",
                message.role === "user" && "border-line bg-surface",
                message.role === "assistant" && "border-line bg-surface-muted",
                message.role === "staff" && "border-accent bg-accent-soft",
              )}
            >
              <header className="mb-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-muted">
                <span className="font-semibold text-ink">{author}</span>
                {time && <time dateTime={message.createdAt}>{time}</time>}
                {message.status !== "complete" && <span>({message.status})</span>}
                {message.flags.map((flag) => (
                  <span
                    key={flag}
                    data-flag={flag}
                    className="rounded-full border border-danger bg-danger-soft px-2 font-semibold text-danger-ink"
                  >
                    Review: {flagLabel(flag)}
                  </span>
                ))}
              </header>
              <p className="whitespace-pre-wrap break-words text-[0.95rem] leading-relaxed">{message.content}</p>
              {message.toolCalls.length > 0 && (
                <ul aria-label="Order lookups" className="mt-2 flex flex-col gap-1 text-xs text-muted">
                  {message.toolCalls.map((call, index) => (
                    <li key={`${call.toolName}-${call.orderNumber}-${index}`}>
                      {toolLabel(call.toolName)} {call.orderNumber}:{" "}
                      <span className={cx("font-semibold", call.found === false ? "text-danger-ink" : "text-ink")}>
                        {foundText(call)}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
              {message.sources.length > 0 && (
                <p className="mt-1 text-xs text-muted">Sources: {message.sources.map((source) => source.title).join(", ")}</p>
              )}
            </article>
          </li>
        );
      })}
    </ol>
  );
}
