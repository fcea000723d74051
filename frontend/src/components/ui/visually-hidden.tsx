import type { HTMLAttributes } from "react";

/** Present for screen readers, invisible on screen. */
export function VisuallyHidden(props: HTMLAttributes<HTMLSpanElement>) {
  return <span className="sr-only" {...props} />;
}
