import type { Metadata } from "next";

import { SignInForm } from "@/features/console/components/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default function SignInPage() {
  return (
    <main className="min-h-dvh bg-canvas text-ink">
      <SignInForm />
    </main>
  );
}
