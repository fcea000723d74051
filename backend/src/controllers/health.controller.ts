import type { Request, Response } from "express";
import type { Health } from "@harbor/contracts";

export function createHealthController(check: () => Promise<Health>) {
  return {
    async show(_req: Request, res: Response) {
      const health = await check();
      res.status(health.db === "ok" ? 200 : 503).json(health);
    },
  };
}
