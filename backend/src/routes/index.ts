import { Router, type RequestHandler } from "express";
import type { createChatController } from "../controllers/chat.controller";
import type { createConversationController } from "../controllers/conversation.controller";
import type { createHealthController } from "../controllers/health.controller";
import type { createHelpController } from "../controllers/help.controller";

export interface RouteDeps {
  chat: ReturnType<typeof createChatController>;
  conversations: ReturnType<typeof createConversationController>;
  help: ReturnType<typeof createHelpController>;
  health: ReturnType<typeof createHealthController>;
  visitorOptional: RequestHandler;
  visitorRequired: RequestHandler;
  chatLimit: RequestHandler;
}

// Wiring only: path -> middleware -> controller.
export function apiRoutes(d: RouteDeps): Router {
  const router = Router();
  router.get("/health", d.health.show);
  router.get("/help", d.help.list);
  router.get("/help/:slug", d.help.show);

  router.post("/chat", d.visitorOptional, d.chatLimit, d.chat.postChat);
  router.post("/chat/stream", d.visitorOptional, d.chatLimit, d.chat.postChatStream);

  router.get("/conversations", d.visitorRequired, d.conversations.list);
  router.get("/chat/:id/messages", d.visitorRequired, d.conversations.messages);
  router.patch("/chat/:id", d.visitorRequired, d.conversations.rename);
  router.delete("/chat/:id", d.visitorRequired, d.conversations.remove);
  router.put("/chat/:id/messages/:messageId/feedback", d.visitorRequired, d.conversations.setFeedback);
  router.delete("/chat/:id/messages/:messageId/feedback", d.visitorRequired, d.conversations.clearFeedback);
  return router;
}
