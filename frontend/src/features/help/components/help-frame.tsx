import Link from "next/link";
import type { ReactNode } from "react";

/** The help center's page frame: a header that leads back to the chat. */
export function HelpFrame({ children }: { children: ReactNode }) {
  return (
    <div className="min-h-dvh bg-canvas text-ink">
      <header className="border-b border-line bg-surface">
        <div className="mx-auto flex h-14 max-w-3xl items-center gap-3 px-4">
          <Link href="/help" className="min-w-0 truncate font-semibold">
            <span aria-hidden="true" className="mr-1.5 text-accent">
              ◆
            </span>
            Harbor &amp; Pine <span className="font-normal text-muted">Help center</span>
          </Link>
          <Link
            href="/"
            className="ml-auto shrink-0 rounded-lg bg-accent px-3 py-1.5 text-sm font-medium text-on-accent hover:bg-accent-strong"
          >
            Chat with us
          </Link>
        </div>
      </header>
      <main className="mx-auto max-w-3xl px-4 py-8">{children}</main>
    </div>
  );
}

export function HelpUnavailable() {
  return (
    <div role="alert" className="rounded-lg border border-line bg-surface p-6">
      <h1 className="text-xl font-semibold">The help center is unavailable right now</h1>
      <p className="mt-2 text-muted">Please try again in a moment, or email support@harborandpine.example.</p>
    </div>
  );
}
