// Queries for the retention job (services/retention.service.ts). It acts for the store, not for
// a visitor, so these are the only queries that select conversations and visitors by age alone.
import type { Db } from "./connection";

export function createRetentionRepo(db: Db) {
  return {
    /** Conversations untouched since `cutoff` (ISO time), oldest first. */
    async findStaleConversations(cutoff: string, limit: number): Promise<{ id: string; visitorId: string }[]> {
      const rows = await db
        .selectFrom("conversations")
        .select(["id", "visitor_id"])
        .where("updated_at", "<", cutoff)
        // A conversation a person has (or is waiting for) is never removed under them.
        .where("status", "not in", ["waiting", "human"])
        .orderBy("updated_at")
        .limit(limit)
        .execute();
      return rows.map((r) => ({ id: r.id, visitorId: r.visitor_id }));
    },

    /** Deletes those still untouched (a message may have arrived since); messages cascade. */
    async deleteStaleConversations(ids: string[], cutoff: string): Promise<string[]> {
      if (ids.length === 0) return [];
      const rows = await db
        .deleteFrom("conversations")
        .where("id", "in", ids)
        .where("updated_at", "<", cutoff)
        .where("status", "not in", ["waiting", "human"])
        .returning("id")
        .execute();
      return rows.map((r) => r.id);
    },

    /** Visitors older than `cutoff` with no conversation left. */
    async deleteAbandonedVisitors(cutoff: string, limit: number): Promise<string[]> {
      const rows = await db
        .deleteFrom("visitors")
        .where("id", "in", (q) =>
          q
            .selectFrom("visitors as v")
            .select("v.id")
            .where("v.created_at", "<", cutoff)
            .where((eb) => eb.not(eb.exists(eb.selectFrom("conversations as c").select("c.id").whereRef("c.visitor_id", "=", "v.id"))))
            .limit(limit),
        )
        .returning("id")
        .execute();
      return rows.map((r) => r.id);
    },
  };
}

export type RetentionRepo = ReturnType<typeof createRetentionRepo>;
