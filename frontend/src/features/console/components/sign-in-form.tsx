"use client";

import { useRouter } from "next/navigation";
import { useId, useRef, useState, type FormEvent } from "react";

import { Button } from "@/components/ui/button";
import { ERROR_CODES, toApiError } from "@/lib/api/api-error";

import { signIn } from "../api/console-api";

function messageOf(error: unknown): string {
  const apiError = toApiError(error);
  if (apiError.status === 401 || apiError.code === ERROR_CODES.invalidCredentials) return "That email and password don't match an account.";
  if (apiError.isRateLimited) {
    const wait = apiError.retryAfterSeconds;
    return wait ? `Too many attempts. Try again in ${wait} second${wait === 1 ? "" : "s"}.` : "Too many attempts. Try again in a moment.";
  }
  if (apiError.isNetwork) return "Can't reach the support service.";
  return apiError.message;
}

export function SignInForm() {
  const router = useRouter();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const email = useRef<HTMLInputElement>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      await signIn(String(form.get("email") ?? ""), String(form.get("password") ?? ""));
      router.replace("/console");
    } catch (failure) {
      setError(messageOf(failure));
      setPending(false);
      email.current?.focus();
    }
  }

  return (
    <div className="mx-auto flex w-full max-w-sm flex-col gap-5 px-4 py-10">
      <h1 className="text-2xl font-semibold">Sign in to the support console</h1>
      <form onSubmit={onSubmit} className="flex flex-col gap-4" aria-describedby={error ? `${id}-error` : undefined}>
        {error && (
          <p id={`${id}-error`} role="alert" className="rounded-lg border border-danger/40 bg-danger-soft px-3 py-2 text-sm">
            {error}
          </p>
        )}
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-email`} className="text-sm font-medium">
            Email
          </label>
          <input
            ref={email}
            id={`${id}-email`}
            name="email"
            type="email"
            autoComplete="username"
            required
            className="h-10 rounded-lg border border-line bg-surface px-3 focus:border-accent focus-visible:outline-2 focus-visible:outline-focus"
          />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-password`} className="text-sm font-medium">
            Password
          </label>
          <input
            id={`${id}-password`}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            className="h-10 rounded-lg border border-line bg-surface px-3 focus:border-accent focus-visible:outline-2 focus-visible:outline-focus"
          />
        </div>
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      <section aria-labelledby={`${id}-first`} className="rounded-lg border border-line bg-surface p-3 text-sm">
        <h2 id={`${id}-first`} className="font-semibold">
          No account yet?
        </h2>
        <p className="mt-1 text-muted">Create the first one (an owner) on the server, from the project folder:</p>
        <pre className="mt-2 whitespace-pre-wrap break-all rounded-md bg-surface-muted p-2 text-xs">
          <code>npm run staff -- add --email you@example.com --name &quot;Your Name&quot; --role owner</code>
        </pre>
        <p className="mt-1 text-muted">It asks for the password on standard input, so it never lands in your shell history.</p>
      </section>
    </div>
  );
}
