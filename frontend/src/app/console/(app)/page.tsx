import type { Metadata } from "next";

import { Inbox } from "@/features/console/components/inbox";

export const metadata: Metadata = { title: "Inbox" };

export default function InboxPage() {
  return <Inbox />;
}
