import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Visitor, VisitorRepo } from "../db/visitor.repo";

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

// A visitor token is 32 random bytes; only its SHA-256 is stored, so a copied database holds no
// usable token.
export function createVisitorService(deps: { visitors: VisitorRepo; clock: () => Date }) {
  return {
    async createVisitor(): Promise<{ visitor: Visitor; token: string }> {
      const token = randomBytes(32).toString("base64url");
      const visitor = { id: randomUUID() };
      await deps.visitors.insertVisitor({
        id: visitor.id,
        tokenHash: hashToken(token),
        createdAt: deps.clock().toISOString(),
      });
      return { visitor, token };
    },

    /** The visitor a token belongs to, or undefined for an unknown or malformed token. */
    async authenticate(token: string): Promise<Visitor | undefined> {
      if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
      return deps.visitors.findVisitorByTokenHash(hashToken(token));
    },
  };
}

export type VisitorService = ReturnType<typeof createVisitorService>;
