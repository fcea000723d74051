"use client";

import { useState } from "react";

import { Button } from "@/components/ui/button";
import { ApiError } from "@/lib/api/api-error";
import { errorText } from "@/lib/i18n/error-text";
import { useT } from "@/lib/i18n/i18n-provider";

interface HandoffButtonProps {
  onHandoff(): Promise<void>;
  size?: "sm" | "md";
  variant?: "secondary" | "ghost";
}

/** "Talk to a person": hands the conversation to the store's team. */
export function HandoffButton({ onHandoff, size = "sm", variant = "secondary" }: HandoffButtonProps) {
  const t = useT();
  const [pending, setPending] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);

  async function click() {
    if (pending) return;
    setPending(true);
    setFailed(null);
    try {
      await onHandoff();
    } catch (error) {
      setFailed(error instanceof ApiError ? errorText(t, error) : t("handoff.failed"));
    } finally {
      setPending(false);
    }
  }

  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Button size={size} variant={variant} onClick={click} disabled={pending} aria-busy={pending}>
        {pending ? t("handoff.asking") : t("handoff.talkToPerson")}
      </Button>
      {failed && (
        <span role="alert" className="text-sm text-danger-ink">
          {failed}
        </span>
      )}
    </span>
  );
}
