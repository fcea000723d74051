"use client";

import type { Staff } from "@harbor/contracts";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useCallback, useEffect, useState, type ReactNode } from "react";

import { Button } from "@/components/ui/button";
import { ErrorBanner } from "@/components/ui/error-banner";
import { toApiError } from "@/lib/api/api-error";
import { cx } from "@/lib/cx";

import { getCurrentStaff, signOut } from "../api/console-api";
import { ConsoleProvider } from "../state/console-context";

type Session = { state: "loading" } | { state: "signed-in"; staff: Staff } | { state: "error"; message: string };

/** The signed-in console: checks the session, holds the live connection, offers Sign out. */
export function ConsoleShell({ children }: { children: ReactNode }) {
  const router = useRouter();
  const [session, setSession] = useState<Session>({ state: "loading" });
  const [attempt, setAttempt] = useState(0);

  const toSignIn = useCallback(() => router.replace("/console/sign-in"), [router]);

  useEffect(() => {
    const controller = new AbortController();
    getCurrentStaff(controller.signal).then(
      (staff) => setSession({ state: "signed-in", staff }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const apiError = toApiError(error);
        if (apiError.status === 401) toSignIn();
        else setSession({ state: "error", message: apiError.isNetwork ? "Can't reach the support service." : apiError.message });
      },
    );
    return () => controller.abort();
  }, [attempt, toSignIn]);

  async function onSignOut() {
    try {
      await signOut();
    } catch {
      // Signed out or not, the next screen is the sign-in page; a stale cookie is refused there.
    }
    toSignIn();
  }

  return (
    <div className="flex min-h-dvh flex-col bg-canvas text-ink">
      <header className="flex min-h-14 flex-wrap items-center gap-2 border-b border-line bg-surface px-3 py-2 sm:px-4">
        <Link
          href="/console"
          className="rounded-md px-1 font-semibold focus-visible:outline-2 focus-visible:outline-focus"
        >
          Support console
        </Link>
        {session.state === "loading" && <HeaderPlaceholder />}
        {session.state === "signed-in" && (
          <nav aria-label="Console" className="flex items-center gap-1 text-sm">
            <ConsoleLink href="/console">Inbox</ConsoleLink>
            <ConsoleLink href="/console/knowledge">Knowledge</ConsoleLink>
            {session.staff.role === "owner" && <ConsoleLink href="/console/insights">Insights</ConsoleLink>}
            <ConsoleLink href="/console/settings">Store settings</ConsoleLink>
          </nav>
        )}
        {session.state === "signed-in" && (
          <div className="ml-auto flex min-w-0 items-center gap-2">
            <p className="min-w-0 truncate text-sm text-muted">
              Signed in as <span className="font-medium text-ink">{session.staff.name}</span>
            </p>
            <Button size="sm" onClick={onSignOut}>
              Sign out
            </Button>
          </div>
        )}
      </header>
      <main className="flex min-h-0 w-full flex-1 flex-col">
        {session.state === "loading" && (
          <p role="status" className="p-4 text-sm text-muted">
            Checking your session…
          </p>
        )}
        {session.state === "error" && (
          <div className="p-4">
            <ErrorBanner onRetry={() => setAttempt((count) => count + 1)}>{session.message}</ErrorBanner>
          </div>
        )}
        {session.state === "signed-in" && (
          <ConsoleProvider staff={session.staff} onSessionEnded={toSignIn}>
            {children}
          </ConsoleProvider>
        )}
      </main>
    </div>
  );
}

/**
 * While the session is checked, the signed-in header's room is kept (its links and button, unseen
 * and out of the tab order), so the page below does not move when they appear: on a phone they
 * wrap to a second line (layout shift 0.07 in Lighthouse before, bench/README.md "Web app").
 */
function HeaderPlaceholder() {
  return (
    <>
      <div aria-hidden="true" className="invisible flex items-center gap-1 text-sm">
        {["Inbox", "Knowledge", "Insights", "Store settings"].map((label) => (
          <span key={label} className="rounded-md px-2 py-1">
            {label}
          </span>
        ))}
      </div>
      <div aria-hidden="true" className="invisible ml-auto flex min-w-0 items-center gap-2">
        <p className="min-w-0 truncate text-sm">Signed in as</p>
        <Button size="sm" tabIndex={-1}>
          Sign out
        </Button>
      </div>
    </>
  );
}

/** A console section's link; the one open says so (aria-current). Conversations belong to the inbox. */
function ConsoleLink({ href, children }: { href: string; children: ReactNode }) {
  const pathname = usePathname() ?? "";
  const current = href === "/console" ? pathname === "/console" || pathname.startsWith("/console/c/") : pathname.startsWith(href);
  return (
    <Link
      href={href}
      aria-current={current ? "page" : undefined}
      className={cx(
        "rounded-md px-2 py-1 focus-visible:outline-2 focus-visible:outline-focus",
        current ? "bg-surface-muted font-medium text-ink" : "text-muted hover:text-ink",
      )}
    >
      {children}
    </Link>
  );
}
