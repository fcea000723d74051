import type { Metadata } from "next";

import { StoreSettings } from "@/features/console/components/store-settings";

export const metadata: Metadata = { title: "Store settings" };

// The store's profile: owners edit it; agents see it read-only (docs/decisions/019-store-profile-as-data.md).
export default function StoreSettingsPage() {
  return <StoreSettings />;
}
