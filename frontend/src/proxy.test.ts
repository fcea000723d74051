import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";

import { parseAllowedOrigins } from "@/lib/widget-origins";

import { config, consoleContentSecurityPolicy, frameAncestors, proxy } from "./proxy";

describe("console security headers", () => {
  it("allows only nonced scripts, the API for connections, and no framing", () => {
    const policy = consoleContentSecurityPolicy("abc123", { apiOrigin: "https://api.example" });
    expect(policy).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(policy).not.toContain("unsafe-eval");
    expect(policy).toContain("connect-src 'self' https://api.example");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
  });

  it("sets a fresh nonce per request on the response and on the request Next renders", () => {
    const first = proxy(new NextRequest("http://localhost:3000/console"));
    const second = proxy(new NextRequest("http://localhost:3000/console"));
    const policy = first.headers.get("Content-Security-Policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce).toBeTruthy();
    expect(second.headers.get("Content-Security-Policy")).not.toContain(nonce);
    expect(policy).toContain("connect-src 'self' http://localhost:3001");
    expect(first.headers.get("X-Frame-Options")).toBe("DENY");
    // NextResponse.next({ request: { headers } }) passes overridden request headers on like this.
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(policy);
  });

  it("gives console prefetches no policy (they are not documents)", () => {
    const prefetch = proxy(new NextRequest("http://localhost:3000/console", { headers: { "next-router-prefetch": "1" } }));
    expect(prefetch.headers.get("Content-Security-Policy")).toBeNull();
  });
});

describe("who may frame a page", () => {
  const matches = (path: string) => new RegExp(`^${config.matcher[0]}$`).test(path);

  it("runs on pages, not on built assets or widget.js", () => {
    for (const path of ["/", "/c/abc", "/embed", "/help/returns", "/console", "/demo-store"]) expect(matches(path), path).toBe(true);
    for (const path of ["/_next/static/chunks/a.js", "/widget.js", "/icon.svg"]) expect(matches(path), path).toBe(false);
  });

  it("lets the allowed store sites frame /embed, and nothing else", () => {
    expect(frameAncestors("/embed", ["https://shop.example"])).toBe("frame-ancestors 'self' https://shop.example");
    expect(frameAncestors("/", ["https://shop.example"])).toBe("frame-ancestors 'self'");
    expect(frameAncestors("/help/returns", ["https://shop.example"])).toBe("frame-ancestors 'self'");
  });

  it("reads WIDGET_ALLOWED_ORIGINS per request, and sends X-Frame-Options everywhere but /embed", () => {
    process.env.WIDGET_ALLOWED_ORIGINS = "https://shop.example, https://www.shop.example/";
    try {
      const embed = proxy(new NextRequest("http://localhost:3000/embed?host=https%3A%2F%2Fshop.example"));
      expect(embed.headers.get("Content-Security-Policy")).toBe(
        "frame-ancestors 'self' https://shop.example https://www.shop.example",
      );
      expect(embed.headers.get("X-Frame-Options")).toBeNull();
      const page = proxy(new NextRequest("http://localhost:3000/"));
      expect(page.headers.get("Content-Security-Policy")).toBe("frame-ancestors 'self'");
      expect(page.headers.get("X-Frame-Options")).toBe("SAMEORIGIN");
    } finally {
      delete process.env.WIDGET_ALLOWED_ORIGINS;
    }
  });

  it("drops what is not a bare origin, so nothing can be added to the policy", () => {
    expect(
      parseAllowedOrigins("https://ok.example,https://x.example; script-src *,'unsafe-inline',https://p.example/path,ftp://f.example,nope"),
    ).toEqual(["https://ok.example"]);
    expect(parseAllowedOrigins(undefined)).toEqual([]);
  });
});
