import type { Visitor } from "../db/visitor.repo";

declare global {
  namespace Express {
    interface Request {
      requestId: string;
      /** Set by the authenticate middleware when a valid visitor token came with the request. */
      visitor?: Visitor;
    }
  }
}

export {};
