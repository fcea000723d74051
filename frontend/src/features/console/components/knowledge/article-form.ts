import {
  KNOWLEDGE_SLUG_MAX_CHARS,
  type KnowledgeArticle,
  type KnowledgeArticleInput,
} from "@harbor/contracts";

/** What the editor's fields hold: the alternative phrasings as one line each. */
export interface ArticleForm {
  title: string;
  slug: string;
  category: string;
  summary: string;
  body: string;
  questions: string;
}

export const EMPTY_FORM: ArticleForm = { title: "", slug: "", category: "", summary: "", body: "", questions: "" };

/** "Can I ship to Canada?" -> "can-i-ship-to-canada": the slug the API accepts. */
export function slugify(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, KNOWLEDGE_SLUG_MAX_CHARS)
    .replace(/^-+|-+$/g, "");
}

export function formFromArticle(article: KnowledgeArticle): ArticleForm {
  return {
    title: article.title,
    slug: article.slug,
    category: article.category,
    summary: article.summary,
    body: article.body,
    questions: article.questions.join("\n"),
  };
}

/** A new article started from a shopper's question (the insights page's "Write an article"). */
export function formFromQuestion(question: string): ArticleForm {
  const text = question.replace(/\s+/g, " ").trim().slice(0, 200);
  if (!text) return EMPTY_FORM;
  const title = text.slice(0, 120);
  return { ...EMPTY_FORM, title, slug: slugify(title), questions: text };
}

export function inputFromForm(form: ArticleForm): KnowledgeArticleInput {
  return {
    title: form.title,
    slug: form.slug,
    category: form.category,
    summary: form.summary,
    body: form.body,
    questions: form.questions
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean),
  };
}

export const sameForm = (a: ArticleForm, b: ArticleForm) => (Object.keys(a) as (keyof ArticleForm)[]).every((k) => a[k] === b[k]);
