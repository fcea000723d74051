import type { Metadata } from "next";

import { SynonymsEditor } from "@/features/console/components/knowledge/synonyms-editor";

export const metadata: Metadata = { title: "Synonyms" };

export default function SynonymsPage() {
  return <SynonymsEditor />;
}
