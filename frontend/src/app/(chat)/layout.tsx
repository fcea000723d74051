import type { ReactNode } from "react";

import { BrandTheme } from "@/components/ui/brand-theme";
import { ChatShell } from "@/features/chat/components/chat-shell";
import { getStoreBrand } from "@/lib/api/store-server";

// "/" and "/c/:id" share this layout, so the chat stays mounted (and a stream keeps running)
// when the URL moves from one to the other.
export default async function ChatLayout({ children }: { children: ReactNode }) {
  const brand = await getStoreBrand();
  return (
    <>
      <BrandTheme color={brand.brandColor} />
      <ChatShell />
      {children}
    </>
  );
}
