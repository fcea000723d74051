import type { Request, Response } from "express";
import {
  AssignRequestSchema,
  ConversationIdParamsSchema,
  StaffConversationListQuerySchema,
  StaffLoginRequestSchema,
  StaffMessageRequestSchema,
  type StaffSessionResponse,
} from "@harbor/contracts";
import { readSessionCookie, STAFF_COOKIE, staffOf } from "../middleware/actor";
import type { LiveConversationService } from "../services/live-conversation.service";
import type { StaffAuthService } from "../services/staff-auth.service";
import type { StoreProfileService } from "../services/store-profile.service";

/** Staff responses carry shoppers' words and the session: never stored by a cache. */
const noStore = (res: Response) => res.set("Cache-Control", "no-store");

export function createStaffController(auth: StaffAuthService, live: LiveConversationService, store: StoreProfileService) {
  return {
    async login(req: Request, res: Response) {
      const { email, password } = StaffLoginRequestSchema.parse(req.body);
      const { staff, sessionId } = await auth.login(email, password);
      res.cookie(STAFF_COOKIE, sessionId, { httpOnly: true, sameSite: "lax", path: "/", secure: req.secure });
      noStore(res).json({ staff } satisfies StaffSessionResponse);
    },

    async logout(req: Request, res: Response) {
      const sessionId = readSessionCookie(req);
      if (sessionId) await auth.logout(sessionId);
      res.clearCookie(STAFF_COOKIE, { httpOnly: true, sameSite: "lax", path: "/", secure: req.secure });
      noStore(res).status(204).end();
    },

    me(req: Request, res: Response) {
      noStore(res).json({ staff: staffOf(req) } satisfies StaffSessionResponse);
    },

    async list(req: Request, res: Response) {
      const query = StaffConversationListQuerySchema.parse(req.query);
      noStore(res).json(await live.list(staffOf(req), query));
    },

    async show(req: Request, res: Response) {
      const { id } = ConversationIdParamsSchema.parse(req.params);
      noStore(res).json(await live.detail(id, staffOf(req)));
    },

    async assign(req: Request, res: Response) {
      const { id } = ConversationIdParamsSchema.parse(req.params);
      const { force } = AssignRequestSchema.parse(req.body ?? {});
      noStore(res).json({ conversation: await live.assign(id, staffOf(req), force) });
    },

    async sendMessage(req: Request, res: Response) {
      const { id } = ConversationIdParamsSchema.parse(req.params);
      const { content } = StaffMessageRequestSchema.parse(req.body);
      noStore(res).status(201).json(await live.sendStaffMessage(id, staffOf(req), content));
    },

    async release(req: Request, res: Response) {
      const { id } = ConversationIdParamsSchema.parse(req.params);
      noStore(res).json({ conversation: await live.release(id, staffOf(req)) });
    },

    async resolve(req: Request, res: Response) {
      const { id } = ConversationIdParamsSchema.parse(req.params);
      noStore(res).json({ conversation: await live.resolve(id, staffOf(req)) });
    },

    /** GET /api/staff/store-profile: every staff member may read it; only owners change it. */
    storeProfile(req: Request, res: Response) {
      staffOf(req);
      noStore(res).json(store.settings());
    },

    /**
     * PUT /api/staff/store-profile: the whole profile. The service checks the role before the body
     * (an agent is told 403, not what was wrong with the form) and answers every bad field at once.
     */
    async updateStoreProfile(req: Request, res: Response) {
      noStore(res).json(await store.update(staffOf(req), req.body));
    },

    async typing(req: Request, res: Response) {
      const { id } = ConversationIdParamsSchema.parse(req.params);
      await live.typing(id, staffOf(req));
      res.status(204).end();
    },
  };
}
