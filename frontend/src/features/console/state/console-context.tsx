"use client";

import type { LiveEvent, Staff } from "@harbor/contracts";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, type ReactNode } from "react";

import { readLiveEvents } from "@/lib/api/live-events";

import { STAFF_EVENTS_URL } from "../api/console-api";

type Listener = (event: LiveEvent) => void;

interface ConsoleContextValue {
  staff: Staff;
  /** Hears every live event of the store's conversations; returns the unsubscribe. */
  subscribe(listener: Listener): () => void;
}

const ConsoleContext = createContext<ConsoleContextValue | null>(null);

/**
 * One live-event connection for the whole console (the inbox and an open conversation share it),
 * held while a staff member is signed in.
 */
export function ConsoleProvider({
  staff,
  onSessionEnded,
  children,
}: {
  staff: Staff;
  onSessionEnded(): void;
  children: ReactNode;
}) {
  const listeners = useRef(new Set<Listener>());
  const ended = useRef(onSessionEnded);
  useEffect(() => {
    ended.current = onSessionEnded;
  });

  useEffect(() => {
    const controller = new AbortController();
    void readLiveEvents(STAFF_EVENTS_URL, {
      credentials: "include",
      signal: controller.signal,
      onEvent: (event) => {
        for (const listener of listeners.current) listener(event);
      },
      onFatal: (error) => {
        if (error.status === 401) ended.current();
      },
    });
    return () => controller.abort();
  }, []);

  const subscribe = useCallback((listener: Listener) => {
    const all = listeners.current;
    all.add(listener);
    return () => {
      all.delete(listener);
    };
  }, []);
  const value = useMemo(() => ({ staff, subscribe }), [staff, subscribe]);

  return <ConsoleContext.Provider value={value}>{children}</ConsoleContext.Provider>;
}

export function useConsole(): ConsoleContextValue {
  const value = useContext(ConsoleContext);
  if (!value) throw new Error("useConsole must be used inside ConsoleProvider");
  return value;
}

/** Calls `onEvent` for every live event while mounted (the latest callback, without resubscribing). */
export function useLiveEvents(onEvent: Listener): void {
  const { subscribe } = useConsole();
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  });
  useEffect(() => subscribe((event) => handler.current(event)), [subscribe]);
}
