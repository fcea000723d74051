import type { Request, Response } from "express";
import {
  KnowledgeArticleCreateSchema,
  KnowledgeArticleIdParamsSchema,
  KnowledgeArticleUpdateSchema,
  KnowledgeRevertRequestSchema,
  KnowledgeSynonymListSchema,
  KnowledgeTryRequestSchema,
  type KnowledgeArticleList,
  type KnowledgeHistory,
  type KnowledgeSynonymList,
} from "@harbor/contracts";
import { staffOf } from "../middleware/actor";
import { requireOwner } from "../services/knowledge.service";
import type { KnowledgeService } from "../services/knowledge.service";

/** The knowledge editor's API: staff read, owners write (the service checks the role). */
/** Writes are the owners': an agent hears 403 before anything in the request is read. */
function ownerOf(req: Request) {
  const staff = staffOf(req);
  requireOwner(staff);
  return staff;
}

export function createKnowledgeController(knowledge: KnowledgeService) {
  const idOf = (req: Request) => KnowledgeArticleIdParamsSchema.parse(req.params).id;
  return {
    async list(req: Request, res: Response) {
      staffOf(req);
      res.json({ articles: await knowledge.list() } satisfies KnowledgeArticleList);
    },

    async show(req: Request, res: Response) {
      staffOf(req);
      res.json(await knowledge.get(idOf(req)));
    },

    async create(req: Request, res: Response) {
      const staff = ownerOf(req);
      const input = KnowledgeArticleCreateSchema.parse(req.body);
      res.status(201).json(await knowledge.create(staff, input));
    },

    async update(req: Request, res: Response) {
      const staff = ownerOf(req);
      const id = idOf(req);
      res.json(await knowledge.update(staff, id, KnowledgeArticleUpdateSchema.parse(req.body)));
    },

    async publish(req: Request, res: Response) {
      res.json(await knowledge.publish(ownerOf(req), idOf(req)));
    },

    async unpublish(req: Request, res: Response) {
      res.json(await knowledge.unpublish(ownerOf(req), idOf(req)));
    },

    async remove(req: Request, res: Response) {
      await knowledge.remove(ownerOf(req), idOf(req));
      res.status(204).end();
    },

    async history(req: Request, res: Response) {
      staffOf(req);
      const id = idOf(req);
      res.json({ articleId: id, revisions: await knowledge.history(id) } satisfies KnowledgeHistory);
    },

    async revert(req: Request, res: Response) {
      const staff = ownerOf(req);
      const id = idOf(req);
      const { revision } = KnowledgeRevertRequestSchema.parse(req.body);
      res.json(await knowledge.revert(staff, id, revision));
    },

    async synonyms(req: Request, res: Response) {
      staffOf(req);
      res.json({ synonyms: await knowledge.synonyms() } satisfies KnowledgeSynonymList);
    },

    async replaceSynonyms(req: Request, res: Response) {
      const staff = ownerOf(req);
      const { synonyms } = KnowledgeSynonymListSchema.parse(req.body);
      res.json({ synonyms: await knowledge.replaceSynonyms(staff, synonyms) } satisfies KnowledgeSynonymList);
    },

    async tryQuestion(req: Request, res: Response) {
      staffOf(req);
      const { question, draft } = KnowledgeTryRequestSchema.parse(req.body);
      res.json(await knowledge.tryQuestion(question, draft));
    },
  };
}
