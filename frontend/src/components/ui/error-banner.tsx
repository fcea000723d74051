"use client";

import type { ReactNode } from "react";

import { useT } from "@/lib/i18n/i18n-provider";

import { Button } from "./button";

export function ErrorBanner({ children, onRetry }: { children: ReactNode; onRetry?: () => void }) {
  const t = useT();
  return (
    <div
      role="alert"
      className="flex flex-wrap items-center gap-3 rounded-lg border border-danger/40 bg-danger-soft px-4 py-3 text-sm text-ink"
    >
      <div className="min-w-0 flex-1">{children}</div>
      {onRetry && (
        <Button size="sm" onClick={onRetry}>
          {t("common.retry")}
        </Button>
      )}
    </div>
  );
}
