import type { Request, Response } from "express";
import type { StoreProfileService } from "../services/store-profile.service";

export function createStoreController(store: StoreProfileService) {
  return {
    /** GET /api/store: the public profile; whether the team is in changes by the minute. */
    show(_req: Request, res: Response) {
      res.set("Cache-Control", "public, max-age=60").json(store.current());
    },
  };
}
