import type { Request, Response } from "express";
import type { HelpArticle, HelpArticleList } from "@harbor/contracts";
import { notFound } from "../errors";
import type { KnowledgeArticle, KnowledgeBase } from "../llm/knowledge-base";

const toSummary = (a: KnowledgeArticle) => ({ slug: a.slug, title: a.title, summary: a.summary, category: a.category });

/** The public help center: the same articles the agent answers from. */
export function createHelpController(knowledge: KnowledgeBase) {
  return {
    list(_req: Request, res: Response) {
      const body: HelpArticleList = { articles: knowledge.articles.map(toSummary) };
      res.set("Cache-Control", "public, max-age=300").json(body);
    },

    show(req: Request, res: Response) {
      const article = knowledge.get(String(req.params.slug));
      if (!article) throw notFound("article");
      const body: HelpArticle = { ...toSummary(article), body: article.body };
      res.set("Cache-Control", "public, max-age=300").json(body);
    },
  };
}
