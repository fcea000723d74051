import type { Metadata } from "next";

import { getT } from "@/lib/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())("meta.conversation") };
}

// The (chat) layout reads the id from the URL; the page has nothing of its own to render.
export default function ConversationPage() {
  return null;
}
