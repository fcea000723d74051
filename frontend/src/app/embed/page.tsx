import type { Metadata } from "next";

import { EmbedApp } from "@/features/chat/components/embed-app";

export const metadata: Metadata = { title: "Chat", robots: { index: false } };

// The widget's panel (widget.js frames it on the store's site). Who may frame it is set by
// WIDGET_ALLOWED_ORIGINS, in src/proxy.ts.
export default function EmbedPage() {
  return <EmbedApp />;
}
