import { NextResponse, type NextRequest } from "next/server";

import { API_BASE_URL } from "@/lib/api/api-config";

/**
 * Security headers for the staff console: a strict, nonce-based Content-Security-Policy (no inline
 * script runs unless Next rendered it with this request's nonce) and no framing. Next reads the
 * nonce from the request's CSP header and puts it on its own scripts, which is why the console is
 * rendered per request. See node_modules/next/dist/docs/01-app/02-guides/content-security-policy.md
 */
export function consoleContentSecurityPolicy(nonce: string, options: { dev?: boolean; apiOrigin?: string } = {}): string {
  const apiOrigin = options.apiOrigin ?? new URL(API_BASE_URL).origin;
  return [
    "default-src 'self'",
    // 'strict-dynamic': scripts the nonced ones load are trusted; host lists are then ignored.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    // React sets style attributes through the DOM, which CSP allows; this keeps server-rendered ones working.
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ${apiOrigin}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function proxy(request: NextRequest) {
  const nonce = btoa(crypto.randomUUID());
  const policy = consoleContentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development" });

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", policy);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  response.headers.set("X-Frame-Options", "DENY");
  response.headers.set("X-Content-Type-Options", "nosniff");
  response.headers.set("Referrer-Policy", "same-origin");
  return response;
}

export const config = {
  // Console pages only; prefetches get no policy (they are not documents).
  matcher: [
    {
      source: "/console/:path*",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
