import type { ReactNode } from "react";

import { ChatShell } from "@/features/chat/components/chat-shell";

// "/" and "/c/:id" share this layout, so the chat stays mounted (and a stream keeps running)
// when the URL moves from one to the other.
export default function ChatLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <ChatShell />
      {children}
    </>
  );
}
