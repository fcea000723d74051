import type { Db } from "./connection";

export interface Visitor {
  id: string;
}

export function createVisitorRepo(db: Db) {
  return {
    async insertVisitor(visitor: { id: string; tokenHash: string; createdAt: string }): Promise<void> {
      await db
        .insertInto("visitors")
        .values({ id: visitor.id, token_hash: visitor.tokenHash, created_at: visitor.createdAt })
        .execute();
    },

    async findVisitorByTokenHash(tokenHash: string): Promise<Visitor | undefined> {
      return db.selectFrom("visitors").select("id").where("token_hash", "=", tokenHash).executeTakeFirst();
    },
  };
}

export type VisitorRepo = ReturnType<typeof createVisitorRepo>;
