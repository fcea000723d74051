import type { Metadata } from "next";

import { KnowledgeList } from "@/features/console/components/knowledge/knowledge-list";

export const metadata: Metadata = { title: "Knowledge" };

export default function KnowledgePage() {
  return <KnowledgeList />;
}
