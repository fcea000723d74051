import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";

export const metadata: Metadata = {
  title: { default: "Console", template: "%s · Console" },
  // Staff pages are nobody's search result.
  robots: { index: false, follow: false },
};

// Rendered per request: the proxy's Content-Security-Policy nonce only reaches dynamic pages.
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  await connection();
  return children;
}
