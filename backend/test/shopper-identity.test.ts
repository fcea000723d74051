// The signature a store's site puts on its signed-in shopper: fixed vectors (computed with
// `openssl dgst -sha256 -hmac`), a fixed clock, and every way an identity can fail to check out.
import { createHmac } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ShopperIdentity } from "@harbor/contracts";
import { ConfigError, parseConfig } from "../src/config";
import { createLogger } from "../src/logger";
import {
  CLOCK_SKEW_SECONDS,
  MAX_LIFETIME_SECONDS,
  createShopperIdentityService,
  identityPayload,
  verifyIdentity,
} from "../src/services/shopper-identity.service";

// The real timingSafeEqual, watched: the comparison must go through it.
const timing = vi.hoisted(() => ({ calls: 0 }));
vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  return {
    ...actual,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      timing.calls += 1;
      return actual.timingSafeEqual(a, b);
    },
  };
});
afterEach(() => {
  timing.calls = 0;
});

const SECRET = "test-identity-secret-0123456789abcdef";
/** 2026-12-02T12:00:00Z. */
const EXPIRES_AT = 1796212800;
const NOW = new Date("2026-12-02T11:00:00Z");
const nowSeconds = Math.floor(NOW.getTime() / 1000);

// printf 'harbor-identity-v1\njane.doe@example.com\nJane Doe\n1796212800' | openssl dgst -sha256 -hmac "$SECRET"
const JANE_SIGNATURE = "73be1d91c15e3781618ea5b9cec853c4e323bd863a44218b2d22704cff825af8";
// The same with the name "José Núñez" (UTF-8).
const JOSE_SIGNATURE = "7928084bab5d66117c580b7f87a6972a1a58fe48438f41e87372dfc5e42ba594";

const jane: ShopperIdentity = { email: "jane.doe@example.com", name: "Jane Doe", expiresAt: EXPIRES_AT, signature: JANE_SIGNATURE };

/** What a store's server does (the README's example), written out here rather than taken from the service. */
function sign(fields: Omit<ShopperIdentity, "signature">, secret = SECRET): ShopperIdentity {
  const payload = `harbor-identity-v1\n${fields.email.trim().toLowerCase()}\n${fields.name}\n${fields.expiresAt}`;
  return { ...fields, signature: createHmac("sha256", secret).update(payload, "utf8").digest("hex") };
}

describe("the signed text", () => {
  it("is four lines: version, trimmed lower-cased email, name, Unix seconds", () => {
    expect(identityPayload({ email: "  Jane.Doe@Example.COM ", name: "Jane Doe", expiresAt: EXPIRES_AT })).toBe(
      "harbor-identity-v1\njane.doe@example.com\nJane Doe\n1796212800",
    );
  });
});

describe("verifyIdentity", () => {
  it("accepts the known vectors, and compares in constant time", () => {
    expect(verifyIdentity(jane, SECRET, NOW)).toEqual({ ok: true, shopper: { email: "jane.doe@example.com", name: "Jane Doe" } });
    expect(timing.calls).toBe(1);
    const jose = { ...jane, name: "José Núñez", signature: JOSE_SIGNATURE };
    expect(verifyIdentity(jose, SECRET, NOW)).toEqual({ ok: true, shopper: { email: "jane.doe@example.com", name: "José Núñez" } });
    expect(sign(jose).signature).toBe(JOSE_SIGNATURE);
  });

  it("reads the email trimmed and in any case, and the hex in either case", () => {
    expect(verifyIdentity({ ...jane, email: " Jane.DOE@example.com " }, SECRET, NOW)).toEqual({
      ok: true,
      shopper: { email: "jane.doe@example.com", name: "Jane Doe" },
    });
    expect(verifyIdentity({ ...jane, signature: JANE_SIGNATURE.toUpperCase() }, SECRET, NOW).ok).toBe(true);
  });

  it("refuses a signature that does not cover exactly these fields with this secret", () => {
    const flipped = `${JANE_SIGNATURE.slice(0, 63)}${JANE_SIGNATURE.endsWith("8") ? "9" : "8"}`;
    for (const forged of [
      { ...jane, signature: flipped },
      { ...jane, email: "sam.lee@example.com" },
      { ...jane, name: "Jane Do" },
      { ...jane, expiresAt: EXPIRES_AT + 1 },
      sign({ email: jane.email, name: jane.name, expiresAt: EXPIRES_AT }, "another-secret-0123456789abcdef-xyz"),
    ]) {
      expect(verifyIdentity(forged, SECRET, NOW)).toEqual({ ok: false, reason: "bad_signature" });
    }
    // Every one of them went through the constant-time comparison.
    expect(timing.calls).toBe(5);
  });

  it("refuses a signature that is not 64 hex characters without comparing anything", () => {
    for (const signature of [
      "zz".repeat(32),
      JANE_SIGNATURE.slice(0, 62),
      `${JANE_SIGNATURE}00`,
      `${JANE_SIGNATURE.slice(0, 63)}g`,
      ` ${JANE_SIGNATURE.slice(1)}`,
      Buffer.from(JANE_SIGNATURE, "hex").toString("base64url"),
    ]) {
      expect(verifyIdentity({ ...jane, signature }, SECRET, NOW)).toEqual({ ok: false, reason: "malformed_signature" });
    }
    expect(timing.calls).toBe(0);
  });

  it("refuses fields that would make the lines ambiguous, or an email that is not one", () => {
    // "a\nb" as the name would read as a fourth line: no field may hold a line break.
    const shifted = sign({ email: "jane.doe@example.com", name: "Jane\n1796212800", expiresAt: EXPIRES_AT });
    expect(verifyIdentity(shifted, SECRET, NOW)).toEqual({ ok: false, reason: "malformed_field" });
    expect(verifyIdentity(sign({ ...jane, email: "jane.doe@example.com\r" }), SECRET, NOW)).toEqual({ ok: false, reason: "malformed_field" });
    expect(verifyIdentity(sign({ ...jane, email: "jane\u0000@example.com" }), SECRET, NOW)).toEqual({ ok: false, reason: "malformed_field" });
    expect(verifyIdentity(sign({ ...jane, email: "not an email" }), SECRET, NOW)).toEqual({ ok: false, reason: "malformed_field" });
    expect(verifyIdentity(sign({ ...jane, email: "   " }), SECRET, NOW)).toEqual({ ok: false, reason: "malformed_field" });
  });

  it("allows a minute of clock skew after expiry, then refuses", () => {
    const at = (seconds: number) => new Date(seconds * 1000);
    expect(verifyIdentity(jane, SECRET, at(EXPIRES_AT)).ok).toBe(true);
    expect(verifyIdentity(jane, SECRET, at(EXPIRES_AT + CLOCK_SKEW_SECONDS)).ok).toBe(true);
    expect(verifyIdentity(jane, SECRET, at(EXPIRES_AT + CLOCK_SKEW_SECONDS + 1))).toEqual({ ok: false, reason: "expired" });
    expect(verifyIdentity(jane, SECRET, at(EXPIRES_AT + 86_400))).toEqual({ ok: false, reason: "expired" });
  });

  it("refuses an expiry more than a day (and a minute) ahead", () => {
    const limit = nowSeconds + MAX_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS;
    expect(verifyIdentity(sign({ ...jane, expiresAt: limit }), SECRET, NOW).ok).toBe(true);
    expect(verifyIdentity(sign({ ...jane, expiresAt: limit + 1 }), SECRET, NOW)).toEqual({ ok: false, reason: "expires_too_far" });
    expect(verifyIdentity(sign({ ...jane, expiresAt: nowSeconds + 365 * 86_400 }), SECRET, NOW)).toEqual({
      ok: false,
      reason: "expires_too_far",
    });
  });

  it("believes nothing without a secret", () => {
    expect(verifyIdentity(jane, undefined, NOW)).toEqual({ ok: false, reason: "verification_off" });
    expect(verifyIdentity(jane, "", NOW)).toEqual({ ok: false, reason: "verification_off" });
  });
});

describe("the shopper identity service", () => {
  function service(secret: string | undefined) {
    const lines: string[] = [];
    const logger = createLogger("info", { write: (line: string) => lines.push(line) });
    return { lines, shoppers: createShopperIdentityService({ secret, clock: () => NOW, logger }) };
  }
  const context = { visitorId: "v-1", conversationId: "c-1" };

  it("returns the verified shopper and logs nothing", () => {
    const { lines, shoppers } = service(SECRET);
    expect(shoppers.verify(jane, context)).toEqual({ email: "jane.doe@example.com", name: "Jane Doe" });
    expect(shoppers.verify(undefined, context)).toBeUndefined();
    expect(lines).toEqual([]);
  });

  it("ignores one that does not check out, with a warning that names the reason but not the shopper", () => {
    const { lines, shoppers } = service(SECRET);
    expect(shoppers.verify({ ...jane, name: "Jane Doe Jr" }, context)).toBeUndefined();
    expect(shoppers.verify({ ...jane, signature: "abc" }, context)).toBeUndefined();
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ level: 40, reason: "bad_signature", visitorId: "v-1", conversationId: "c-1", msg: "shopper identity ignored" }),
      expect.objectContaining({ level: 40, reason: "malformed_signature" }),
    ]);
    expect(lines.join("\n")).not.toMatch(/jane|Jane/);
  });

  it("with no secret, ignores every identity", () => {
    const { lines, shoppers } = service(undefined);
    expect(shoppers.verify(jane, context)).toBeUndefined();
    expect(JSON.parse(lines[0]!)).toMatchObject({ reason: "verification_off" });
  });
});

describe("IDENTITY_SECRET", () => {
  it("is off when empty, and refuses a short key at start", () => {
    expect(parseConfig({}).IDENTITY_SECRET).toBeUndefined();
    expect(parseConfig({ IDENTITY_SECRET: " " }).IDENTITY_SECRET).toBeUndefined();
    expect(parseConfig({ IDENTITY_SECRET: SECRET }).IDENTITY_SECRET).toBe(SECRET);
    expect(() => parseConfig({ IDENTITY_SECRET: "too-short" })).toThrow(ConfigError);
    expect(() => parseConfig({ IDENTITY_SECRET: "too-short" })).toThrow(/IDENTITY_SECRET: must be at least 32 characters/);
  });
});

describe("the README's example for the store's server", () => {
  it("signs what the API verifies", async () => {
    const readme = fs.readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../README.md"), "utf8");
    const code = /### Verified shoppers[\s\S]*?```js\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(code).toContain("export function harborIdentity");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "harbor-identity-"));
    try {
      const file = path.join(dir, "harbor-identity.mjs");
      fs.writeFileSync(file, code!);
      const { harborIdentity } = (await import(file)) as {
        harborIdentity: (secret: string, email: string, name: string, ttlSeconds?: number) => ShopperIdentity;
      };
      const identity = harborIdentity(SECRET, " Jane.Doe@Example.com", "José Núñez");
      expect(verifyIdentity(identity, SECRET, new Date())).toEqual({
        ok: true,
        shopper: { email: "jane.doe@example.com", name: "José Núñez" },
      });
      expect(() => harborIdentity(SECRET, "jane.doe@example.com", "Jane\nDoe")).toThrow();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
