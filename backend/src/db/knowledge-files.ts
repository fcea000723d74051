// The knowledge seed in backend/knowledge/: one markdown article per file (front matter, then the
// body), the store-wide synonyms (synonyms.json) and one vocabulary per other language
// (vocabulary/<code>.json). The articles and synonyms seed the database on first run
// (seed-knowledge.ts); the language vocabularies are read from here at every start.
import fs from "node:fs";
import path from "node:path";
import { BACKEND_DIR } from "../backend-dir";

export interface ArticleFile {
  slug: string;
  title: string;
  category: string;
  summary: string;
  body: string;
  /** Alternative phrasings of the questions the article answers. */
  questions: string[];
}

/** A store-wide synonym: a word (and its forms) or an exact phrase, and the term it means. */
export interface SynonymEntry {
  term: string;
  means: string;
  match: "word" | "phrase";
}

/** One language's words for the store's topics (knowledge/vocabulary/<code>.json). */
export interface LanguageVocabulary {
  language: string;
  name: string;
  note: string;
  /** Function words that say a text is in this language ("el", "der"); dropped from the query. */
  markers: string[];
  /** Multi-word expressions, replaced first ("tarjeta de regalo" -> "gift card"). */
  phrases: Record<string, string>;
  words: Record<string, string>;
}

export interface KnowledgeSeed {
  dir: string;
  articles: ArticleFile[];
  synonyms: SynonymEntry[];
  languages: LanguageVocabulary[];
}

export const KNOWLEDGE_DIR = path.join(BACKEND_DIR, "knowledge");

export function loadKnowledgeSeed(dir: string = KNOWLEDGE_DIR): KnowledgeSeed {
  const articles = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => parseArticle(fs.readFileSync(path.join(dir, f), "utf8"), f));
  return { dir, articles, synonyms: loadSynonyms(dir), languages: loadLanguageVocabularies(path.join(dir, "vocabulary")) };
}

function loadSynonyms(dir: string): SynonymEntry[] {
  const file = path.join(dir, "synonyms.json");
  if (!fs.existsSync(file)) return [];
  const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as { synonyms?: SynonymEntry[] };
  const list = parsed.synonyms ?? [];
  for (const s of list) {
    if (!s.term || !s.means || (s.match !== "word" && s.match !== "phrase")) {
      throw new Error(`knowledge: synonyms.json has an incomplete entry ${JSON.stringify(s)}`);
    }
  }
  return list;
}

export function loadLanguageVocabularies(dir: string): LanguageVocabulary[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => {
      const v = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as LanguageVocabulary;
      if (!v.language || !v.markers || !v.words || !v.phrases) throw new Error(`knowledge: vocabulary ${f} is incomplete`);
      return v;
    });
}

/** Parses one article: a front-matter block of `key: value` lines and a `questions:` list, then the body. */
export function parseArticle(text: string, fileName = "article"): ArticleFile {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  if (lines[0]?.trim() !== "---") throw new Error(`knowledge: ${fileName} does not start with front matter`);
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === "---");
  if (end < 0) throw new Error(`knowledge: ${fileName} has no closing "---"`);

  const fields: Record<string, string> = {};
  const questions: string[] = [];
  let inList: string | undefined;
  for (const line of lines.slice(1, end)) {
    if (!line.trim()) continue;
    const item = /^\s+-\s+(.*)$/.exec(line);
    if (item && inList === "questions") {
      questions.push(unquote(item[1] ?? ""));
      continue;
    }
    const kv = /^([A-Za-z_]+):\s*(.*)$/.exec(line);
    if (!kv) throw new Error(`knowledge: ${fileName}: cannot read front-matter line "${line}"`);
    const key = kv[1] ?? "";
    const value = kv[2] ?? "";
    inList = value === "" ? key : undefined;
    if (value !== "") fields[key] = unquote(value);
  }

  const required = ["slug", "title", "category", "summary"] as const;
  for (const key of required) {
    if (!fields[key]) throw new Error(`knowledge: ${fileName} is missing "${key}"`);
  }
  const body = lines.slice(end + 1).join("\n").trim();
  if (!body) throw new Error(`knowledge: ${fileName} has an empty body`);
  return {
    slug: fields.slug!,
    title: fields.title!,
    category: fields.category!,
    summary: fields.summary!,
    body,
    questions,
  };
}

function unquote(value: string): string {
  const v = value.trim();
  return /^(["']).*\1$/.test(v) ? v.slice(1, -1) : v;
}
