import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-3 bg-canvas p-6 text-center text-ink">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="text-muted">We couldn&apos;t find that page.</p>
      <Link href="/" className="font-medium text-link underline underline-offset-2">
        Back to support chat
      </Link>
    </main>
  );
}
