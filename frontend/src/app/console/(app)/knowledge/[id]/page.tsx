import type { Metadata } from "next";

import { KnowledgeEditor } from "@/features/console/components/knowledge/knowledge-editor";

export const metadata: Metadata = { title: "Article" };

export default async function ArticlePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // Keyed by id: another article starts a fresh editor.
  return <KnowledgeEditor key={id} articleId={id} />;
}
