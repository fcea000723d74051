import { NextResponse, type NextRequest } from "next/server";

import { API_BASE_URL } from "@/lib/api/api-config";
import { parseAllowedOrigins } from "@/lib/widget-origins";

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

/**
 * Who may frame a page: /embed (the widget's panel) the store sites in WIDGET_ALLOWED_ORIGINS and
 * the app itself (its /demo-store); the shopper's pages only the app; the console nobody.
 */
export function frameAncestors(pathname: string, allowedOrigins: string[]): string {
  return pathname === "/embed" ? ["frame-ancestors 'self'", ...allowedOrigins].join(" ") : "frame-ancestors 'self'";
}

function isPrefetch(request: NextRequest): boolean {
  return request.headers.has("next-router-prefetch") || request.headers.get("purpose") === "prefetch";
}

export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (pathname !== "/console" && !pathname.startsWith("/console/")) {
    const response = NextResponse.next();
    const allowed = parseAllowedOrigins(process.env.WIDGET_ALLOWED_ORIGINS);
    response.headers.set("Content-Security-Policy", frameAncestors(pathname, allowed));
    if (pathname !== "/embed") response.headers.set("X-Frame-Options", "SAMEORIGIN");
    response.headers.set("X-Content-Type-Options", "nosniff");
    return response;
  }
  // Prefetches get no policy (they are not documents).
  if (isPrefetch(request)) return NextResponse.next();

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
  // Pages: not the built assets, nor widget.js (a script the stores' pages load).
  matcher: ["/((?!_next/static|_next/image|widget\\.js|icon\\.svg|favicon\\.ico).*)"],
};
