import type { Metadata } from "next";

import { ConversationView } from "@/features/console/components/conversation-view";

export const metadata: Metadata = { title: "Conversation" };

export default async function ConsoleConversationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ConversationView key={id} id={id} />;
}
