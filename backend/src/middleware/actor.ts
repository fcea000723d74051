// Who a request comes from. Shopper routes read only the visitor token (Authorization header);
// staff routes read only the session cookie. Neither ever accepts the other's credential.
import type { Request, RequestHandler } from "express";
import type { StaffMember } from "../db/staff.repo";
import { AppError } from "../errors";
import type { StaffAuthService } from "../services/staff-auth.service";

export type Actor = { kind: "visitor"; visitorId: string } | { kind: "staff"; staff: StaffMember };

export const STAFF_COOKIE = "harbor_staff_session";

export const staffUnauthorized = () =>
  new AppError("unauthorized:staff", 401, "Sign in to the console first (a valid staff session is required).");

/** The session id from the Cookie header, or undefined. */
export function readSessionCookie(req: Request): string | undefined {
  const header = req.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === STAFF_COOKIE) return decodeURIComponent(value.join("="));
  }
  return undefined;
}

export function authenticateStaff(auth: StaffAuthService): RequestHandler {
  return async (req, _res, next) => {
    const sessionId = readSessionCookie(req);
    const staff = sessionId ? await auth.authenticate(sessionId) : undefined;
    if (!staff) throw staffUnauthorized();
    req.actor = { kind: "staff", staff };
    next();
  };
}

/** The staff member of a request that passed authenticateStaff. */
export function staffOf(req: Request): StaffMember {
  if (req.actor?.kind !== "staff") throw staffUnauthorized();
  return req.actor.staff;
}

/**
 * A state-changing staff request whose Origin is present and not one of ours is refused: with
 * SameSite=Lax cookies this closes the remaining cross-site request forgery paths.
 */
export function checkOrigin(allowed: readonly string[]): RequestHandler {
  return (req, _res, next) => {
    const origin = req.get("origin");
    const safe = req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS";
    if (!safe && origin && !allowed.includes(origin)) {
      throw new AppError("forbidden:origin", 403, "This request came from a site that may not act for staff.");
    }
    next();
  };
}
