import type { Metadata } from "next";

export const metadata: Metadata = { title: "Conversation" };

// The (chat) layout reads the id from the URL; the page has nothing of its own to render.
export default function ConversationPage() {
  return null;
}
