"use client";

import { useCallback, useEffect, useRef, useState } from "react";

import { EmbeddedProvider } from "@/lib/embedded";
import { useT } from "@/lib/i18n/i18n-provider";

import { COMPOSER_ID } from "./chat-view";
import { connectToStorePage, type StorePage } from "../api/embed-bridge";
import { EmbedShell } from "./embed-shell";

function focusComposer() {
  // The frame itself first: its document may not have the page's focus yet (it just loaded).
  window.focus();
  document.getElementById(COMPOSER_ID)?.focus();
}

/**
 * /embed: waits for the store's page to hand over what it keeps for the shopper (their token, the
 * open conversation, a signed-in identity), then shows the chat. Counts the team's messages that
 * arrive while the panel is closed and tells the page, which shows them on the launcher.
 */
export function EmbedApp() {
  const t = useT();
  const storePage = useRef<StorePage | null>(null);
  // 0 until the store's page hands over; a late hand-over starts the chat again with it.
  const [generation, setGeneration] = useState(0);
  const [framed, setFramed] = useState(false);
  const open = useRef(false);
  const unread = useRef(0);

  useEffect(() => {
    const page = connectToStorePage({
      onStart(isOpen) {
        open.current = isOpen;
        setGeneration((current) => current + 1);
      },
      onVisibility(isOpen) {
        open.current = isOpen;
        if (!isOpen) return;
        unread.current = 0;
        focusComposer();
      },
    });
    storePage.current = page;
    setFramed(page.framed);
    return () => page.disconnect();
  }, []);

  // Opened before the chat loaded: the composer gets the focus once it is there.
  useEffect(() => {
    if (generation > 0 && open.current) focusComposer();
  }, [generation]);

  const onStaffMessage = useCallback(() => {
    if (open.current) return;
    unread.current += 1;
    storePage.current?.unread(unread.current);
  }, []);

  const onClose = useCallback(() => storePage.current?.close(), []);

  if (generation === 0) {
    return (
      <p role="status" className="p-4 text-center text-sm text-muted">
        {t("common.loading")}
      </p>
    );
  }
  return (
    <EmbeddedProvider value={true}>
      <EmbedShell key={generation} framed={framed} onClose={onClose} onStaffMessage={onStaffMessage} />
    </EmbeddedProvider>
  );
}
