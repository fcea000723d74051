"use client";

import type { FeedbackRating } from "@harbor/contracts";
import Link from "next/link";
import { useCallback, useEffect, useReducer, useRef, useState, type ComponentType } from "react";

import { toApiError } from "@/lib/api/api-error";
import { useT } from "@/lib/i18n/i18n-provider";
import { useStoreProfile } from "@/lib/use-store-profile";

import { clearFeedback, getMessages, requestHandoff, saveFeedback } from "../api/chat-api";
import { chatReducer, initialChatState, mayHaveReplyInProgress } from "../state/chat-reducer";
import type { ChatEntry, ChatFailure } from "../state/chat-types";
import { FALLBACK_REPLY_TEXT } from "../state/chat-types";
import type { ChatEngineHandle, ChatEngineProps } from "./chat-engine";
import { Composer } from "./composer";
import { AnnouncementText, ConversationStatusPanel, LiveConversation, preloadEntryViews, TypingIndicator } from "./load-entry-views";
import { loadChatEngine } from "./load-chat-engine";
import { preloadMarkdown } from "./message-content";
import { MessageList } from "./message-list";
import { StarterQuestions } from "./starter-questions";
import { useCountdown } from "./use-countdown";

export interface ChatViewProps {
  /** The conversation to open, or null for a new chat. */
  conversationId: string | null;
  /** Bumped by the shell's Retry to load the history again after a failure. */
  retryToken?: number;
  /** The first message of a new chat was stored: the conversation now has an id. */
  onConversationStarted(conversationId: string, firstMessage: string): void;
  /** A reply finished (or stopped): titles and previews in the list may have changed. */
  onExchangeFinished(conversationId: string): void;
  /** Loading the history failed for a reason other than "not found" (null once it worked). */
  onHistoryProblem?(failure: ChatFailure | null): void;
  /** The conversation is gone or not this visitor's; without it the view says so itself. */
  onNotFound?(): void;
  /** A person on the team wrote, live. */
  onStaffMessage?(): void;
}

let localCounter = 0;
function newLocalId(): string {
  localCounter += 1;
  return `local-${Date.now().toString(36)}-${localCounter}`;
}

export const COMPOSER_ID = "chat-composer";

/** The latest agent reply, when it cited nothing or failed: the place to offer a person. */
function handoffCandidate(entries: ChatEntry[]): string | null {
  for (let index = entries.length - 1; index >= 0; index -= 1) {
    const entry = entries[index];
    if (!entry || entry.role === "notice") continue;
    if (entry.role !== "assistant") return null;
    if (entry.streaming || !entry.id) return null;
    const weak = entry.sources.length === 0 || entry.status === "fallback" || entry.content.trim() === FALLBACK_REPLY_TEXT;
    return weak ? entry.key : null;
  }
  return null;
}

function failureOf(error: unknown): ChatFailure {
  const apiError = toApiError(error);
  return {
    code: apiError.code,
    message: apiError.message,
    retryAfterSeconds: apiError.retryAfterSeconds,
    network: apiError.isNetwork,
  };
}

export function ChatView(props: ChatViewProps) {
  const { retryToken = 0 } = props;
  const t = useT();
  // Only the id the view opened with: a new chat that gets its id mid-stream must not reload.
  const [openedId] = useState(props.conversationId);
  const [state, dispatch] = useReducer(chatReducer, openedId, initialChatState);
  const stateRef = useRef(state);
  const propsRef = useRef(props);
  useEffect(() => {
    stateRef.current = state;
    propsRef.current = props;
  });

  // ---- History -------------------------------------------------------------------------------

  useEffect(() => {
    if (!openedId) return;
    const controller = new AbortController();
    if (retryToken > 0) dispatch({ type: "history/requested" });
    // The history shows once the formatter and the message views are here too (fetched side by
    // side), so the messages appear formatted, without a plain-text frame that then reflows.
    Promise.all([getMessages(openedId, { signal: controller.signal }), preloadMarkdown(), preloadEntryViews()]).then(
      ([page]) => {
        dispatch({
          type: "history/loaded",
          messages: page.messages,
          hasMore: page.hasMore,
          status: page.status ?? "bot",
          assignee: page.assignee ?? null,
        });
        propsRef.current.onHistoryProblem?.(null);
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const apiError = toApiError(error);
        // 401 here means the stored visitor is unknown, so this conversation is not theirs (any more).
        const notFound = [400, 401, 403, 404].includes(apiError.status);
        const failure = failureOf(error);
        dispatch({ type: "history/failed", failure, notFound });
        if (notFound) propsRef.current.onNotFound?.();
        else propsRef.current.onHistoryProblem?.(failure);
      },
    );
    return () => controller.abort();
  }, [openedId, retryToken]);

  const loadOlder = useCallback(async () => {
    const current = stateRef.current;
    const oldest = current.entries.find((entry) => entry.id !== null)?.id;
    if (!current.conversationId || !oldest || current.loadingOlder) return;
    dispatch({ type: "older/requested" });
    try {
      const page = await getMessages(current.conversationId, { before: oldest });
      dispatch({ type: "older/loaded", messages: page.messages, hasMore: page.hasMore });
    } catch {
      dispatch({ type: "older/failed" });
    }
  }, []);

  // ---- Streaming engine (loaded on intent) ---------------------------------------------------

  const [Engine, setEngine] = useState<ComponentType<ChatEngineProps> | null>(null);
  const engine = useRef<ChatEngineHandle | null>(null);
  const engineWaiters = useRef<Array<(handle: ChatEngineHandle) => void>>([]);

  const ensureEngine = useCallback(async (): Promise<ChatEngineHandle> => {
    if (engine.current) return engine.current;
    void preloadEntryViews(); // what the first message will be shown with
    const chatEngineModule = await loadChatEngine();
    setEngine(() => chatEngineModule.ChatEngine);
    if (engine.current) return engine.current;
    return new Promise((resolve) => engineWaiters.current.push(resolve));
  }, []);

  const warmUp = useCallback(() => {
    ensureEngine().catch(() => {
      // Offline: the send itself will report it.
    });
  }, [ensureEngine]);

  const onEngineReady = useCallback((handle: ChatEngineHandle) => {
    engine.current = handle;
    const waiters = engineWaiters.current;
    engineWaiters.current = [];
    for (const resolve of waiters) resolve(handle);
  }, []);

  const [cooldown, startCooldown] = useCountdown();

  const engineCallbacks: Omit<ChatEngineProps, "onReady"> = {
    onAcknowledged(localId, data) {
      // New, or moved: after a 401 (an unknown token, e.g. a wiped database) the message was sent
      // again as a new visitor, into a new conversation. Either way the URL follows it.
      const isNew = stateRef.current.conversationId !== data.conversationId;
      dispatch({ type: "send/acknowledged", localId, data });
      if (isNew) propsRef.current.onConversationStarted(data.conversationId, data.userMessage.content);
    },
    onProgress(snapshot) {
      dispatch({ type: "reply/progress", snapshot });
    },
    onStatus(status) {
      // The agent's own handoff: the stream says so even if the live event came first and the
      // acknowledgement (status bot, from before the handoff) overwrote it.
      if (status === "waiting") dispatch({ type: "live/status", status, assignee: null });
    },
    onFinished(localId, snapshot, status) {
      dispatch({ type: "reply/finished", localId, snapshot, status });
      const conversationId = stateRef.current.conversationId;
      if (conversationId) propsRef.current.onExchangeFinished(conversationId);
    },
    onResumed(localId, replyId) {
      dispatch({ type: "resume/started", localId, replyId });
    },
    onNothingToResume() {
      // The stored messages are all there is; a reply that just ended arrives as a live event.
    },
    onSettled(localId) {
      dispatch({ type: "send/settled", localId });
      const conversationId = stateRef.current.conversationId;
      if (conversationId) propsRef.current.onExchangeFinished(conversationId);
    },
    onFailed(localId, failure) {
      dispatch({ type: "send/failed", localId, failure });
      if (failure.retryAfterSeconds) startCooldown(failure.retryAfterSeconds);
      const conversationId = stateRef.current.conversationId;
      if (conversationId) propsRef.current.onExchangeFinished(conversationId);
    },
  };

  const deliver = useCallback(
    (localId: string, message: string) => {
      ensureEngine().then(
        (handle) => handle.send({ localId, message, conversationId: stateRef.current.conversationId }),
        () =>
          dispatch({
            type: "send/failed",
            localId,
            failure: { code: "network", message: "Can't reach the support service.", retryAfterSeconds: null, network: true },
          }),
      );
    },
    [ensureEngine],
  );

  const send = useCallback(
    (message: string) => {
      if (stateRef.current.activeSend) return;
      const localId = newLocalId();
      dispatch({ type: "send/started", localId, content: message, at: new Date().toISOString() });
      deliver(localId, message);
    },
    [deliver],
  );

  const retry = useCallback(
    (localId: string) => {
      const entry = stateRef.current.entries.find((candidate) => candidate.key === localId);
      if (!entry || stateRef.current.activeSend) return;
      dispatch({ type: "send/retried", localId });
      deliver(localId, entry.content);
    },
    [deliver],
  );

  // A conversation opened (or reloaded) while its reply is being written shows it going on.
  const resumedFor = useRef<string | null>(null);
  useEffect(() => {
    if (!openedId || state.history !== "loaded" || resumedFor.current === openedId) return;
    resumedFor.current = openedId;
    if (!mayHaveReplyInProgress(stateRef.current)) return;
    ensureEngine().then(
      (handle) => handle.resume({ localId: `resume-${openedId}`, conversationId: openedId }),
      () => {
        // Offline: the live channel brings the reply once it is stored.
      },
    );
  }, [openedId, state.history, ensureEngine]);

  const stop = useCallback(() => engine.current?.stop(stateRef.current.conversationId), []);

  // ---- Feedback ------------------------------------------------------------------------------

  const rate = useCallback(async (messageId: string, rating: FeedbackRating | null, reason?: string) => {
    const conversationId = stateRef.current.conversationId;
    if (!conversationId) return;
    const previous = stateRef.current.entries.find((entry) => entry.id === messageId)?.feedback ?? null;
    // Show the choice at once; the API confirms (or we roll back) a moment later.
    dispatch({ type: "feedback/changed", messageId, feedback: rating ? { rating, reason: reason ?? null } : null });
    try {
      const saved = rating
        ? await saveFeedback(conversationId, messageId, rating, reason)
        : await clearFeedback(conversationId, messageId);
      dispatch({ type: "feedback/changed", messageId, feedback: saved.feedback });
    } catch (error) {
      dispatch({ type: "feedback/changed", messageId, feedback: previous });
      throw error;
    }
  }, []);

  // ---- A person: handoff, live events, the store ---------------------------------------------

  const onStaffMessage = useCallback(() => propsRef.current.onStaffMessage?.(), []);
  const [typingName, setTypingName] = useState<string | null>(null);
  const store = useStoreProfile(state.status !== "bot" || state.entries.some((entry) => entry.role === "staff"));

  const handOff = useCallback(async () => {
    const conversationId = stateRef.current.conversationId;
    if (!conversationId) return;
    const handed = await requestHandoff(conversationId);
    // The event says the same a moment later; showing it now keeps the click responsive.
    dispatch({ type: "live/status", status: handed.status, assignee: null });
  }, []);

  const askMore = useCallback(() => document.getElementById(COMPOSER_ID)?.focus(), []);

  // ---- View ----------------------------------------------------------------------------------

  const busy = state.activeSend !== null;
  const streaming = state.entries.find((entry) => entry.streaming);
  // While a person has the conversation the agent is silent: no dots for it.
  const agentSilent = state.status === "waiting" || state.status === "human";
  const awaitingFirstToken = busy && !agentSilent && (!streaming || (streaming.content === "" && !streaming.tool));
  const isNewChat = openedId === null && state.entries.length === 0;
  const hasConversation = state.conversationId !== null && state.history === "loaded" && state.entries.length > 0;
  const handoffKey = state.status === "bot" && !busy ? handoffCandidate(state.entries) : null;
  const footer = awaitingFirstToken ? (
    <TypingIndicator />
  ) : typingName && state.status === "human" ? (
    <TypingIndicator label={t("chat.personTyping", { name: typingName })} />
  ) : null;

  if (state.history === "not-found") {
    return (
      <div className="flex flex-1 flex-col items-center justify-center gap-3 p-6 text-center">
        <h2 className="text-xl font-semibold">{t("chat.notFoundTitle")}</h2>
        <p className="max-w-sm text-muted">{t("chat.notFoundBody")}</p>
        <Link href="/" className="font-medium text-link underline underline-offset-2">
          {t("chat.startNew")}
        </Link>
      </div>
    );
  }

  return (
    <div className="relative flex min-h-0 flex-1 flex-col">
      {/* Over the list, not above it: the list does not move up when it goes (layout shift). */}
      {state.history === "loading" && (
        <p role="status" className="absolute inset-x-0 top-0 z-10 px-4 py-3 text-center text-sm text-muted">
          {t("chat.loadingMessages")}
        </p>
      )}
      <MessageList
        entries={state.entries}
        hasOlder={state.hasOlder}
        loadingOlder={state.loadingOlder}
        cooldown={cooldown}
        onLoadOlder={loadOlder}
        onRetry={retry}
        onRate={rate}
        empty={isNewChat ? <StarterQuestions onPick={send} onIntent={warmUp} /> : undefined}
        footer={footer}
        storeName={store?.name ?? null}
        handoffKey={handoffKey}
        onHandoff={handOff}
      />
      {hasConversation && (
        <ConversationStatusPanel
          status={state.status}
          assigneeName={state.assignee?.name ?? null}
          store={store}
          onHandoff={handOff}
          onAskMore={askMore}
        />
      )}
      {cooldown > 0 && (
        <div role="alert" className="mx-auto w-full max-w-3xl px-4 pb-2 text-sm text-warn">
          {t.plural("chat.cooldown", cooldown)}
        </div>
      )}
      <Composer
        inputId={COMPOSER_ID}
        busy={busy}
        blocked={cooldown > 0}
        onSend={send}
        onStop={stop}
        onIntent={warmUp}
      />
      <div aria-live="polite" aria-atomic="true" className="sr-only">
        {state.announcement && <AnnouncementText announcement={state.announcement} />}
      </div>
      {state.conversationId && state.history === "loaded" && (
        <LiveConversation
          key={state.conversationId}
          conversationId={state.conversationId}
          dispatch={dispatch}
          onStaffMessage={onStaffMessage}
          onTyping={setTypingName}
        />
      )}
      {Engine && <Engine onReady={onEngineReady} {...engineCallbacks} />}
    </div>
  );
}
