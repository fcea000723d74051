import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";

import { config, consoleContentSecurityPolicy, proxy } from "./proxy";

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

  it("only runs on console pages", () => {
    expect(config.matcher.map((entry) => entry.source)).toEqual(["/console/:path*"]);
  });
});
