import type { Request, Response } from "express";
import type { HelpArticle, HelpArticleList } from "@harbor/contracts";
import { notFound } from "../errors";
import type { KnowledgeArticle, KnowledgeBase } from "../services/knowledge-index";

const toSummary = (a: KnowledgeArticle) => ({ slug: a.slug, title: a.title, summary: a.summary, category: a.category });

// Short: an owner's change shows at once in the web app (it fetches with no-store), and within a
// minute through any other cache.
const PUBLIC_CACHE = "public, max-age=60";

/** The public help center: the same (published) articles the agent answers from. */
export function createHelpController(knowledge: KnowledgeBase) {
  return {
    list(_req: Request, res: Response) {
      const body: HelpArticleList = { articles: knowledge.articles.map(toSummary) };
      res.set("Cache-Control", PUBLIC_CACHE).json(body);
    },

    show(req: Request, res: Response) {
      const article = knowledge.get(String(req.params.slug));
      if (!article) throw notFound("article");
      const body: HelpArticle = { ...toSummary(article), body: article.body };
      res.set("Cache-Control", PUBLIC_CACHE).json(body);
    },
  };
}
