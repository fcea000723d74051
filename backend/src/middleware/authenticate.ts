import type { RequestHandler } from "express";
import { unauthorized } from "../errors";
import type { VisitorService } from "../services/visitor.service";

/**
 * Reads `Authorization: Bearer <visitorToken>`. A token that is present but unknown is always a
 * 401 (never a silent new visitor). Without one, `optional` lets the chat endpoints create a visitor.
 */
export function authenticate(visitors: VisitorService, mode: "required" | "optional"): RequestHandler {
  return async (req, _res, next) => {
    const header = req.get("authorization");
    if (!header) {
      if (mode === "required") throw unauthorized();
      return next();
    }
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const visitor = match?.[1] ? await visitors.authenticate(match[1]) : undefined;
    if (!visitor) throw unauthorized();
    req.visitor = visitor;
    req.actor = { kind: "visitor", visitorId: visitor.id };
    next();
  };
}
