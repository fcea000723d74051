import type { Metadata } from "next";

import { KnowledgeEditor } from "@/features/console/components/knowledge/knowledge-editor";

export const metadata: Metadata = { title: "New article" };

// `?question=` starts the article from a shopper's question (the insights page's "Write an article").
export default async function NewArticlePage({ searchParams }: { searchParams: Promise<{ question?: string | string[] }> }) {
  const { question } = await searchParams;
  const text = Array.isArray(question) ? question[0] : question;
  return <KnowledgeEditor question={text} />;
}
