import type { Request, Response } from "express";
import type { Health } from "@harbor/contracts";

export function createHealthController(check: () => Health) {
  return {
    show(_req: Request, res: Response) {
      const health = check();
      res.status(health.db === "ok" ? 200 : 503).json(health);
    },
  };
}
