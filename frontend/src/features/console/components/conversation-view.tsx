"use client";

import type { StaffConversationDetail, TimelineEntry } from "@harbor/contracts";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";

import { Button } from "@/components/ui/button";
import { ErrorBanner } from "@/components/ui/error-banner";
import { ERROR_CODES, toApiError } from "@/lib/api/api-error";
import { formatMessageTime } from "@/lib/format-time";
import { useT } from "@/lib/i18n/i18n-provider";

import { sendTyping } from "../api/console-api";
import { useConsole } from "../state/console-context";
import { reasonLabel, STATUS_LABELS } from "../state/labels";
import { useStaffConversation } from "../state/use-staff-conversation";
import { StaffComposer } from "./staff-composer";
import { StaffTranscript } from "./staff-transcript";
import { StatusBadge } from "./status-badge";

function timelineText(entry: TimelineEntry): string {
  const who = entry.staff?.name ?? (entry.actor === "shopper" ? "The shopper" : entry.actor === "agent" ? "The assistant" : "The system");
  const to = STATUS_LABELS[entry.to].toLowerCase();
  return `${who}: ${entry.from ? `${STATUS_LABELS[entry.from].toLowerCase()} → ` : ""}${to}${entry.reason ? ` (${reasonLabel(entry.reason)})` : ""}`;
}

interface Problem {
  message: string;
  /** Someone else holds it: an owner may take it over anyway. */
  canForce: boolean;
}

/** One conversation for staff: what happened, who has it, and the controls to answer. */
export function ConversationView({ id }: { id: string }) {
  const t = useT();
  const { staff } = useConsole();
  const { state, load, takeOver, handBack, resolve, send } = useStaffConversation(id);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const title = state.status === "ready" ? state.detail.conversation.title : null;
  useEffect(() => {
    document.title = `${title || "Conversation"} · Console`;
  }, [title]);

  // Focus the heading once loaded, so a keyboard or screen-reader user starts at the top.
  const ready = state.status === "ready";
  useEffect(() => {
    if (ready) heading.current?.focus();
  }, [ready]);

  async function run(name: string, action: () => Promise<void>) {
    setPending(name);
    setProblem(null);
    try {
      await action();
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.code === ERROR_CODES.assignedToSomeoneElse) {
        setProblem({ message: "Someone else has taken this conversation.", canForce: staff.role === "owner" });
        void load();
      } else {
        setProblem({ message: apiError.isNetwork ? "Can't reach the support service." : apiError.message, canForce: false });
      }
    } finally {
      setPending(null);
    }
  }

  if (state.status === "loading") {
    return (
      <p role="status" className="p-4 text-sm text-muted">
        Loading the conversation…
      </p>
    );
  }
  if (state.status === "not-found") {
    return (
      <div className="mx-auto flex w-full max-w-3xl flex-col gap-2 p-4">
        <h1 className="text-xl font-semibold">Conversation not found</h1>
        <Link href="/console" className="text-link underline underline-offset-2">
          Back to the inbox
        </Link>
      </div>
    );
  }
  if (state.status === "error") {
    return (
      <div className="p-4">
        <ErrorBanner onRetry={() => void load()}>{state.message}</ErrorBanner>
      </div>
    );
  }

  const { conversation, messages, timeline }: StaffConversationDetail = state.detail;
  const mine = conversation.assignee?.id === staff.id;
  const heldByOther = conversation.status === "human" && conversation.assignee !== null && !mine;
  const canTakeOver = conversation.status !== "resolved" && !mine;
  const canHandBack = conversation.status === "human" || conversation.status === "waiting";
  const canResolve = conversation.status !== "resolved";
  const replyBlocked =
    conversation.status === "human" && mine
      ? null
      : heldByOther
        ? `${conversation.assignee?.name ?? "Someone else"} has this conversation.`
        : "Take over to reply.";

  return (
    <div className="mx-auto flex w-full max-w-3xl flex-col gap-4 p-3 sm:p-4">
      <Link href="/console" className="self-start text-sm text-link underline underline-offset-2">
        ← Inbox
      </Link>
      <section aria-labelledby="conversation-title" className="flex flex-col gap-2">
        <h1 id="conversation-title" ref={heading} tabIndex={-1} className="text-xl font-semibold break-words focus:outline-none">
          {conversation.title || "Untitled conversation"}
        </h1>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
          <dt className="text-muted">Status</dt>
          <dd>
            <StatusBadge status={conversation.status} />
          </dd>
          <dt className="text-muted">Assigned to</dt>
          <dd>{conversation.assignee ? (mine ? `You (${conversation.assignee.name})` : conversation.assignee.name) : "Nobody"}</dd>
          {conversation.handoffReason && (
            <>
              <dt className="text-muted">Handoff reason</dt>
              {/* The shopper's own words may be the reason: plain text. */}
              <dd className="break-words">{reasonLabel(conversation.handoffReason)}</dd>
            </>
          )}
          {conversation.waitingSince && (
            <>
              <dt className="text-muted">Waiting since</dt>
              <dd>
                <time dateTime={conversation.waitingSince}>{formatMessageTime(conversation.waitingSince, t)}</time>
              </dd>
            </>
          )}
        </dl>
        <div className="flex flex-wrap gap-2" role="group" aria-label="Conversation actions">
          {canTakeOver && (
            <Button variant="primary" disabled={pending !== null} onClick={() => void run("take", () => takeOver())}>
              {pending === "take" ? "Taking over…" : "Take over"}
            </Button>
          )}
          {canHandBack && (
            <Button disabled={pending !== null || heldByOther} onClick={() => void run("release", handBack)}>
              {pending === "release" ? "Handing back…" : "Hand back to the assistant"}
            </Button>
          )}
          {canResolve && (
            <Button disabled={pending !== null || heldByOther} onClick={() => void run("resolve", resolve)}>
              {pending === "resolve" ? "Resolving…" : "Resolve"}
            </Button>
          )}
        </div>
        {problem && (
          <div role="alert" className="flex flex-wrap items-center gap-2 rounded-lg border border-danger/40 bg-danger-soft px-3 py-2 text-sm">
            <span className="min-w-0 flex-1">{problem.message}</span>
            {problem.canForce && (
              <Button size="sm" variant="danger" onClick={() => void run("take", () => takeOver(true))}>
                Take over anyway
              </Button>
            )}
          </div>
        )}
      </section>

      {timeline.length > 0 && (
        <details className="text-sm">
          <summary className="cursor-pointer font-medium">Status history ({timeline.length})</summary>
          <ol className="mt-2 flex flex-col gap-1 text-muted">
            {timeline.map((entry, index) => (
              <li key={`${entry.at}-${index}`}>
                <time dateTime={entry.at}>{formatMessageTime(entry.at, t)}</time> · {timelineText(entry)}
              </li>
            ))}
          </ol>
        </details>
      )}

      <section aria-labelledby="transcript-title" className="flex flex-col gap-2">
        <h2 id="transcript-title" className="text-base font-semibold">
          Transcript
        </h2>
        <StaffTranscript messages={messages} />
      </section>

      <section aria-label="Reply" className="sticky bottom-0 border-t border-line bg-canvas py-3">
        <StaffComposer
          onSend={send}
          onTyping={() => void sendTyping(id).catch(() => undefined)}
          disabledReason={replyBlocked}
        />
      </section>
    </div>
  );
}
