import { Router, type RequestHandler } from "express";
import type { createChatController } from "../controllers/chat.controller";
import type { createConversationController } from "../controllers/conversation.controller";
import type { createHealthController } from "../controllers/health.controller";
import type { createHelpController } from "../controllers/help.controller";
import type { createKnowledgeController } from "../controllers/knowledge.controller";
import type { createInsightsController } from "../controllers/insights.controller";
import type { createLiveController } from "../controllers/live.controller";
import type { createStaffController } from "../controllers/staff.controller";
import type { createStoreController } from "../controllers/store.controller";

export interface RouteDeps {
  chat: ReturnType<typeof createChatController>;
  conversations: ReturnType<typeof createConversationController>;
  help: ReturnType<typeof createHelpController>;
  knowledge: ReturnType<typeof createKnowledgeController>;
  insights: ReturnType<typeof createInsightsController>;
  health: ReturnType<typeof createHealthController>;
  live: ReturnType<typeof createLiveController>;
  staff: ReturnType<typeof createStaffController>;
  store: ReturnType<typeof createStoreController>;
  staffRequired: RequestHandler;
  staffOrigin: RequestHandler;
  loginLimits: RequestHandler[];
  visitorOptional: RequestHandler;
  visitorRequired: RequestHandler;
  chatLimit: RequestHandler;
  /** Starts chat turns a few per pass of the event loop (middleware/turn-pacing.ts). */
  turnPacing: RequestHandler;
}

// Wiring only: path -> middleware -> controller.
export function apiRoutes(d: RouteDeps): Router {
  const router = Router();
  router.get("/health", d.health.show);
  router.get("/help", d.help.list);
  router.get("/help/:slug", d.help.show);
  router.get("/store", d.store.show);

  router.post("/chat", d.turnPacing, d.visitorOptional, d.chatLimit, d.chat.postChat);
  router.post("/chat/stream", d.turnPacing, d.visitorOptional, d.chatLimit, d.chat.postChatStream);
  router.get("/chat/:id/stream", d.visitorRequired, d.chat.resumeStream);
  router.post("/chat/:id/stop", d.visitorRequired, d.chat.stopReply);

  router.get("/conversations", d.visitorRequired, d.conversations.list);
  router.get("/chat/:id/messages", d.visitorRequired, d.conversations.messages);
  router.patch("/chat/:id", d.visitorRequired, d.conversations.rename);
  router.delete("/chat/:id", d.visitorRequired, d.conversations.remove);
  router.put("/chat/:id/messages/:messageId/feedback", d.visitorRequired, d.conversations.setFeedback);
  router.delete("/chat/:id/messages/:messageId/feedback", d.visitorRequired, d.conversations.clearFeedback);
  router.post("/chat/:id/handoff", d.visitorRequired, d.live.handoff);
  router.get("/chat/:id/events", d.visitorRequired, d.live.shopperEvents);

  // Staff: the session cookie only; a state-changing request from a foreign Origin is refused.
  router.use("/staff", d.staffOrigin);
  router.post("/staff/login", ...d.loginLimits, d.staff.login);
  router.post("/staff/logout", d.staff.logout);
  router.get("/staff/me", d.staffRequired, d.staff.me);
  router.get("/staff/events", d.staffRequired, d.live.staffEvents);
  router.get("/staff/conversations", d.staffRequired, d.staff.list);
  router.get("/staff/conversations/:id", d.staffRequired, d.staff.show);
  router.post("/staff/conversations/:id/assign", d.staffRequired, d.staff.assign);
  router.post("/staff/conversations/:id/messages", d.staffRequired, d.staff.sendMessage);
  router.post("/staff/conversations/:id/release", d.staffRequired, d.staff.release);
  router.post("/staff/conversations/:id/resolve", d.staffRequired, d.staff.resolve);
  router.post("/staff/conversations/:id/typing", d.staffRequired, d.staff.typing);
  router.get("/staff/store-profile", d.staffRequired, d.staff.storeProfile);
  router.put("/staff/store-profile", d.staffRequired, d.staff.updateStoreProfile);

  // The knowledge editor: staff read and try, owners write (403 for agents).
  router.get("/staff/knowledge/articles", d.staffRequired, d.knowledge.list);
  router.post("/staff/knowledge/articles", d.staffRequired, d.knowledge.create);
  router.get("/staff/knowledge/articles/:id", d.staffRequired, d.knowledge.show);
  router.put("/staff/knowledge/articles/:id", d.staffRequired, d.knowledge.update);
  router.delete("/staff/knowledge/articles/:id", d.staffRequired, d.knowledge.remove);
  router.post("/staff/knowledge/articles/:id/publish", d.staffRequired, d.knowledge.publish);
  router.post("/staff/knowledge/articles/:id/unpublish", d.staffRequired, d.knowledge.unpublish);
  router.get("/staff/knowledge/articles/:id/history", d.staffRequired, d.knowledge.history);
  router.post("/staff/knowledge/articles/:id/revert", d.staffRequired, d.knowledge.revert);
  router.get("/staff/knowledge/synonyms", d.staffRequired, d.knowledge.synonyms);
  router.put("/staff/knowledge/synonyms", d.staffRequired, d.knowledge.replaceSynonyms);
  router.post("/staff/knowledge/try", d.staffRequired, d.knowledge.tryQuestion);
  router.get("/staff/insights", d.staffRequired, d.insights.summary);
  router.get("/staff/insights/drilldown", d.staffRequired, d.insights.drilldown);
  return router;
}
