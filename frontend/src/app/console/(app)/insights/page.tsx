import type { Metadata } from "next";

import { InsightsPage } from "@/features/insights/components/insights-page";

export const metadata: Metadata = { title: "Insights" };

// Owners only: the API refuses anyone else, and the page says so.
export default function Page() {
  return <InsightsPage />;
}
