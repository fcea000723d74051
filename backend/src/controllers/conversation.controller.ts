import type { Request, Response } from "express";
import {
  ConversationIdParamsSchema,
  ConversationListQuerySchema,
  FeedbackParamsSchema,
  FeedbackRequestSchema,
  MessagesQuerySchema,
  RenameConversationSchema,
} from "@harbor/contracts";
import type { ConversationService } from "../services/conversation.service";

// The authenticate middleware runs first on every route here, so req.visitor is set.
const visitorId = (req: Request) => req.visitor!.id;

export function createConversationController(conversations: ConversationService) {
  return {
    async list(req: Request, res: Response) {
      const query = ConversationListQuerySchema.parse(req.query);
      res.json(await conversations.listConversations(visitorId(req), query.limit, query.cursor));
    },

    async messages(req: Request, res: Response) {
      const { id } = ConversationIdParamsSchema.parse(req.params);
      const query = MessagesQuerySchema.parse(req.query);
      res.json(await conversations.listMessages(id, visitorId(req), query.limit, query.before));
    },

    async rename(req: Request, res: Response) {
      const { id } = ConversationIdParamsSchema.parse(req.params);
      const { title } = RenameConversationSchema.parse(req.body);
      res.json(await conversations.renameConversation(id, visitorId(req), title));
    },

    async remove(req: Request, res: Response) {
      const { id } = ConversationIdParamsSchema.parse(req.params);
      await conversations.deleteConversation(id, visitorId(req));
      res.status(204).end();
    },

    async setFeedback(req: Request, res: Response) {
      const { id, messageId } = FeedbackParamsSchema.parse(req.params);
      const feedback = FeedbackRequestSchema.parse(req.body);
      res.json(await conversations.setFeedback(id, messageId, visitorId(req), feedback));
    },

    async clearFeedback(req: Request, res: Response) {
      const { id, messageId } = FeedbackParamsSchema.parse(req.params);
      res.json(await conversations.setFeedback(id, messageId, visitorId(req), null));
    },
  };
}
