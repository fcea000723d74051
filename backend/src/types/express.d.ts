import type { Visitor } from "../db/visitor.repo";
import type { Actor } from "../middleware/actor";

declare global {
  namespace Express {
    interface Request {
      requestId: string;
      /** Set by the authenticate middleware when a valid visitor token came with the request. */
      visitor?: Visitor;
      /** Who is asking: a visitor (token) or a staff member (session cookie); set by the auth middleware. */
      actor?: Actor;
    }
  }
}

export {};
