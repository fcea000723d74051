// Staff sign-in: accounts with scrypt passwords, server-side sessions that end after 12 hours
// idle or at sign-out. A wrong password and an unknown email fail alike, in about the same time.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { STAFF_PASSWORD_MIN_CHARS, type StaffRole } from "@harbor/contracts";
import type { StaffMember, StaffRepo } from "../db/staff.repo";
import { AppError } from "../errors";
import { hashPassword, unknownAccountHash, verifyPassword } from "./password";

export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
/** last_seen_at is written at most this often, so reads do not each become a write. */
const TOUCH_EVERY_MS = 60 * 1000;

const hashSessionId = (id: string) => createHash("sha256").update(id).digest("hex");
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export const invalidCredentials = () =>
  new AppError("invalid_credentials", 401, "That email and password do not match an account.");

export function createStaffAuthService(deps: { staff: StaffRepo; clock: () => Date }) {
  const { staff, clock } = deps;
  return {
    async addStaff(input: { email: string; name: string; role: StaffRole; password: string }): Promise<StaffMember> {
      if (input.password.length < STAFF_PASSWORD_MIN_CHARS) {
        throw new Error(`The password must be at least ${STAFF_PASSWORD_MIN_CHARS} characters.`);
      }
      const member: StaffMember = { id: randomUUID(), email: normalizeEmail(input.email), name: input.name.trim(), role: input.role };
      if (!member.name) throw new Error("The name must not be empty.");
      if (!/^[^\s@]+@[^\s@]+$/.test(member.email)) throw new Error("That is not an email address.");
      if (await staff.findStaffWithPasswordByEmail(member.email)) throw new Error(`An account for ${member.email} exists already.`);
      await staff.insertStaff({
        id: member.id,
        email: member.email,
        name: member.name,
        role: member.role,
        password_hash: await hashPassword(input.password),
        created_at: clock().toISOString(),
      });
      return member;
    },

    async setPassword(email: string, password: string): Promise<boolean> {
      if (password.length < STAFF_PASSWORD_MIN_CHARS) {
        throw new Error(`The password must be at least ${STAFF_PASSWORD_MIN_CHARS} characters.`);
      }
      return staff.setPasswordHash(normalizeEmail(email), await hashPassword(password));
    },

    listStaff: () => staff.listStaff(),
    removeStaff: (email: string) => staff.removeStaffByEmail(normalizeEmail(email)),

    /** Returns the member and a new session id (the cookie's value), or throws invalid_credentials. */
    async login(email: string, password: string): Promise<{ staff: StaffMember; sessionId: string }> {
      const account = await staff.findStaffWithPasswordByEmail(normalizeEmail(email));
      const ok = await verifyPassword(password, account?.passwordHash ?? (await unknownAccountHash()));
      if (!account || !ok) throw invalidCredentials();
      const sessionId = randomBytes(32).toString("base64url");
      await staff.insertSession({ idHash: hashSessionId(sessionId), staffId: account.id, at: clock().toISOString() });
      const { passwordHash: _hash, ...member } = account;
      return { staff: member, sessionId };
    },

    /** The member a session belongs to, or undefined (unknown, malformed or idle too long). */
    async authenticate(sessionId: string): Promise<StaffMember | undefined> {
      if (!/^[A-Za-z0-9_-]{20,100}$/.test(sessionId)) return undefined;
      const idHash = hashSessionId(sessionId);
      const session = await staff.findSession(idHash);
      if (!session) return undefined;
      const now = clock();
      const idle = now.getTime() - Date.parse(session.lastSeenAt);
      if (idle > SESSION_IDLE_MS) {
        await staff.deleteSession(idHash);
        return undefined;
      }
      if (idle > TOUCH_EVERY_MS) await staff.touchSession(idHash, now.toISOString());
      return session.staff;
    },

    async logout(sessionId: string): Promise<void> {
      await staff.deleteSession(hashSessionId(sessionId));
    },
  };
}

export type StaffAuthService = ReturnType<typeof createStaffAuthService>;
