"use client";

import { useState } from "react";

import { Button } from "@/components/ui/button";

interface HandoffButtonProps {
  onHandoff(): Promise<void>;
  size?: "sm" | "md";
  variant?: "secondary" | "ghost";
}

/** "Talk to a person": hands the conversation to the store's team. */
export function HandoffButton({ onHandoff, size = "sm", variant = "secondary" }: HandoffButtonProps) {
  const [pending, setPending] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);

  async function click() {
    if (pending) return;
    setPending(true);
    setFailed(null);
    try {
      await onHandoff();
    } catch (error) {
      setFailed(error instanceof Error && error.message ? error.message : "Could not reach the team. Please try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Button size={size} variant={variant} onClick={click} disabled={pending} aria-busy={pending}>
        {pending ? "Asking for a person…" : "Talk to a person"}
      </Button>
      {failed && (
        <span role="alert" className="text-sm text-danger-ink">
          {failed}
        </span>
      )}
    </span>
  );
}
