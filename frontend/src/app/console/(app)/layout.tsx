import type { ReactNode } from "react";

import { ConsoleShell } from "@/features/console/components/console-shell";

// The inbox and a conversation share one shell, so the live connection survives moving between them.
export default function SignedInLayout({ children }: { children: ReactNode }) {
  return <ConsoleShell>{children}</ConsoleShell>;
}
