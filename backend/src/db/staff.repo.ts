import type { StaffRole } from "@harbor/contracts";
import type { Db } from "./connection";
import type { StaffTable } from "./schema";

export interface StaffMember {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
}

const toStaffMember = (row: Pick<StaffTable, "id" | "email" | "name" | "role">): StaffMember => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
});

// Staff accounts and their server-side sessions (only a hash of each session id is stored).
export function createStaffRepo(db: Db) {
  return {
    async insertStaff(row: StaffTable): Promise<void> {
      await db.insertInto("staff").values(row).execute();
    },

    async findStaffWithPasswordByEmail(email: string): Promise<(StaffMember & { passwordHash: string }) | undefined> {
      const row = await db.selectFrom("staff").selectAll().where("email", "=", email).executeTakeFirst();
      return row && { ...toStaffMember(row), passwordHash: row.password_hash };
    },

    async listStaff(): Promise<StaffMember[]> {
      const rows = await db.selectFrom("staff").select(["id", "email", "name", "role"]).orderBy("email").execute();
      return rows.map(toStaffMember);
    },

    /** Removes the account; its sessions go with it, its conversations are unassigned. */
    async removeStaffByEmail(email: string): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom("staff").select("id").where("email", "=", email).executeTakeFirst();
        if (!row) return false;
        const now = new Date().toISOString();
        const held = await trx
          .updateTable("conversations")
          .set({ assignee_id: null, status: "waiting", waiting_since: now })
          .where("assignee_id", "=", row.id)
          .where("status", "=", "human")
          .returning("id")
          .execute();
        if (held.length > 0) {
          await trx
            .insertInto("conversation_timeline")
            .values(
              held.map((c) => ({
                conversation_id: c.id,
                at: now,
                actor: "system" as const,
                staff_id: row.id,
                from_status: "human" as const,
                to_status: "waiting" as const,
                reason: "staff account removed",
              })),
            )
            .execute();
        }
        await trx.updateTable("conversations").set({ assignee_id: null }).where("assignee_id", "=", row.id).execute();
        await trx.deleteFrom("staff_sessions").where("staff_id", "=", row.id).execute();
        await trx.deleteFrom("staff").where("id", "=", row.id).execute();
        return true;
      });
    },

    /** A new password ends every session of the account. */
    async setPasswordHash(email: string, passwordHash: string): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable("staff")
          .set({ password_hash: passwordHash })
          .where("email", "=", email)
          .returning("id")
          .executeTakeFirst();
        if (!row) return false;
        await trx.deleteFrom("staff_sessions").where("staff_id", "=", row.id).execute();
        return true;
      });
    },

    async insertSession(row: { idHash: string; staffId: string; at: string }): Promise<void> {
      await db
        .insertInto("staff_sessions")
        .values({ id_hash: row.idHash, staff_id: row.staffId, created_at: row.at, last_seen_at: row.at })
        .execute();
    },

    async findSession(idHash: string): Promise<{ staff: StaffMember; lastSeenAt: string } | undefined> {
      const row = await db
        .selectFrom("staff_sessions")
        .innerJoin("staff", "staff.id", "staff_sessions.staff_id")
        .select(["staff.id", "staff.email", "staff.name", "staff.role", "staff_sessions.last_seen_at"])
        .where("staff_sessions.id_hash", "=", idHash)
        .executeTakeFirst();
      return row && { staff: toStaffMember(row), lastSeenAt: row.last_seen_at };
    },

    async touchSession(idHash: string, at: string): Promise<void> {
      await db.updateTable("staff_sessions").set({ last_seen_at: at }).where("id_hash", "=", idHash).execute();
    },

    async deleteSession(idHash: string): Promise<void> {
      await db.deleteFrom("staff_sessions").where("id_hash", "=", idHash).execute();
    },

    async deleteSessionsIdleSince(before: string): Promise<void> {
      await db.deleteFrom("staff_sessions").where("last_seen_at", "<", before).execute();
    },
  };
}

export type StaffRepo = ReturnType<typeof createStaffRepo>;
