// Retrieval: a BM25 index (minisearch) over the store's published knowledge articles, read
// through the store's vocabulary (its synonyms and places, and one file per other language). The
// offline responder answers from it, and the Mistral path uses it to pick the articles it cites.
// The articles and synonyms are data (the database, seeded from backend/knowledge/); the reading
// rules (stemming, stopwords, phrasings of English) are code. See docs/decisions/020.
import MiniSearch, { type SearchResult } from "minisearch";
import { loadKnowledgeSeed, type ArticleFile, type LanguageVocabulary, type SynonymEntry } from "../db/knowledge-files";
import type { OfflineKnowledge } from "../llm/offline-responder";
import { loadSeedProfile } from "../db/seed-store-profile";
import { factsOf, type StoreFacts } from "./store-profile.service";

export type KnowledgeArticle = ArticleFile;
export type Synonym = SynonymEntry;
export type Vocabulary = LanguageVocabulary;

export interface Passage {
  article: KnowledgeArticle;
  score: number;
  confident: boolean;
}

export interface KnowledgeBase {
  articles: readonly KnowledgeArticle[];
  get(slug: string): KnowledgeArticle | undefined;
  /** Ranked best first; `confident` marks matches strong enough to answer from. */
  search(query: string, limit?: number): Passage[];
  /** The language a shopper's text is in, when the knowledge base has a vocabulary for it. */
  language(text: string): ShopperLanguage;
  /** The query as the index reads it: translated to English and with its typos corrected. */
  understand(query: string): string;
  /** Lower-case content terms of a text, as the index sees them (after the store's synonyms). */
  analyze(text: string): string[];
}

/** What the index reads text with, besides the articles: all of it data. */
export interface KnowledgeVocabulary {
  /** Store-wide: a word (and its forms) or an exact phrase, and the term it means. */
  synonyms: readonly Synonym[];
  /** One per other language a shopper may write in (backend/knowledge/vocabulary/<code>.json). */
  languages: readonly Vocabulary[];
}

/** `en`, or a language with a vocabulary in knowledge/vocabulary/ (with the line the offline reply adds). */
export interface ShopperLanguage {
  code: string;
  name: string;
  /** "I answer in English", in that language; absent for English. */
  note?: string;
}

/** The article with the human support contact and the support hours. */
export const CONTACT_ARTICLE_SLUG = "contact-support";

// Tuned on bench/retrieval-eval.ts (see bench/RETRIEVAL.md). A match is confident when its BM25
// score weighted by its coverage (the share of the query's content terms it matched) clears a bar.
// Off-topic questions that share one store word with an article ("capital of France" -> EU
// shipping) score high on that word but cover at most half the query: they land near 13.
const MIN_WEIGHTED_SCORE = 16;
const MIN_COVERAGE = 0.3;

// ---------------------------------------------------------------------------------------------
// Building

/** The seed files (backend/knowledge/) as an index: for the tests, the bench and the evals' checks. */
export function loadKnowledgeBase(dir?: string, facts: StoreFacts = factsOf(loadSeedProfile())): KnowledgeBase {
  const seed = loadKnowledgeSeed(dir);
  if (!seed.articles.some((a) => a.slug === CONTACT_ARTICLE_SLUG)) {
    throw new Error(`knowledge: the contact article "${CONTACT_ARTICLE_SLUG}" is missing in ${seed.dir}`);
  }
  return createKnowledgeIndex(seed.articles, { synonyms: seed.synonyms, languages: seed.languages }, facts);
}

/**
 * The store's facts an article names through placeholders, so that they live in the profile only:
 * {{store.name}}, {{store.supportEmail}}, {{store.replyTime}}, {{store.hours}}, {{store.returnsUrl}}.
 * Filled when the index is built (again when the profile changes); the editor keeps them as written.
 */
const PLACEHOLDER = /\{\{\s*store\.(name|supportEmail|replyTime|hours|returnsUrl)\s*\}\}/g;

export function fillStoreFacts(article: KnowledgeArticle, facts: StoreFacts): KnowledgeArticle {
  const values: Record<string, string> = {
    name: facts.name,
    supportEmail: facts.supportEmail,
    replyTime: facts.replyTime,
    hours: facts.hoursText,
    returnsUrl: facts.returnsUrl,
  };
  const fill = (text: string) => text.replace(PLACEHOLDER, (_, key: string) => values[key] ?? "");
  return {
    ...article,
    title: fill(article.title),
    summary: fill(article.summary),
    body: fill(article.body),
    questions: article.questions.map(fill),
  };
}

export function createKnowledgeIndex(
  given: readonly KnowledgeArticle[],
  vocabulary: KnowledgeVocabulary,
  /** The store's facts for the articles' placeholders (left as written without). */
  facts?: StoreFacts,
): KnowledgeBase {
  const articles = facts ? given.map((article) => fillStoreFacts(article, facts)) : given;
  const bySlug = new Map<string, KnowledgeArticle>();
  for (const a of articles) {
    if (bySlug.has(a.slug)) throw new Error(`knowledge: duplicate slug "${a.slug}"`);
    bySlug.set(a.slug, a);
  }
  const text = createTextAnalyzer(vocabulary.synonyms);

  const index = new MiniSearch<KnowledgeArticle>({
    idField: "slug",
    fields: ["title", "questions", "summary", "body"],
    extractField: (doc, field) => {
      const value = doc[field as keyof KnowledgeArticle];
      return Array.isArray(value) ? value.join("\n") : value;
    },
    tokenize: text.tokenize,
    processTerm: text.processTerm,
    searchOptions: {
      boost: { title: 2, questions: 2, summary: 1.5, body: 1 },
      combineWith: "OR",
      // Typos in longer words only; short words are too easy to confuse.
      fuzzy: (term) => (term.length >= 7 ? 0.15 : false),
      weights: { fuzzy: 0.4, prefix: 0.3 },
    },
  });
  index.addAll([...articles]);
  const reader = createQueryReader(articles, vocabulary.languages, text);

  return {
    articles,
    get: (slug) => bySlug.get(slug),
    language: reader.language,
    understand: reader.understand,
    analyze: text.analyze,
    search(rawQuery, limit = 3) {
      const query = reader.understand(rawQuery);
      const terms = new Set(text.analyze(query));
      if (terms.size === 0) return [];
      const results: SearchResult[] = index.search(query);
      return results.slice(0, limit).flatMap((r, i) => {
        const article = bySlug.get(String(r.id));
        if (!article) return [];
        const covered = new Set([...r.queryTerms, ...[...terms].filter((t) => PRODUCT_NOUNS.has(t))]);
        const coverage = covered.size / terms.size;
        const confident = i === 0 && coverage >= MIN_COVERAGE && r.score * coverage >= MIN_WEIGHTED_SCORE;
        return [{ article, score: r.score, confident }];
      });
    },
  };
}

/** What the offline responder asks of retrieval (it is a model adapter and holds no retrieval of its own). */
export function offlineKnowledge(knowledge: KnowledgeBase): OfflineKnowledge {
  return {
    languageNote: (text) => knowledge.language(text).note,
    understand: (text) => knowledge.understand(text),
    bestFor(conversation) {
      const [best] = knowledge.search(conversationQuery(conversation), 1);
      return best && { title: best.article.title, body: best.article.body, score: best.score, confident: best.confident };
    },
    contact: () => knowledge.get(CONTACT_ARTICLE_SLUG),
  };
}

// ---------------------------------------------------------------------------------------------
// Reading a shopper's query: other languages and typos

const ENGLISH: ShopperLanguage = { code: "en", name: "English" };
const ENGLISH_MARKERS = new Set(
  "the is are my do does you your what how can could i to of for and where when will with it me a an this that there have has was".split(" "),
);

/** Lower case without accents or Spanish question marks, so "devolución" and "devolucion" meet. */
const fold = (text: string) =>
  text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[¿¡]/g, " ")
    .toLowerCase();

/** A language's vocabulary with its keys folded, as the reader compares them. */
function foldVocabulary(v: Vocabulary): Vocabulary {
  const foldKeys = (r: Record<string, string>) => Object.fromEntries(Object.entries(r).map(([k, to]) => [fold(k), to]));
  return { ...v, markers: v.markers.map(fold), phrases: foldKeys(v.phrases), words: foldKeys(v.words) };
}

function createQueryReader(articles: readonly KnowledgeArticle[], languages: readonly Vocabulary[], text: TextAnalyzer) {
  const vocabularies = languages.map(foldVocabulary);
  // Every word the store's texts and vocabularies use: a word outside it may be a typo of one inside.
  const known = new Set<string>([...STOPWORDS, ...text.wordSynonyms, ...ENGLISH_MARKERS, ...KNOWN_EXTRA]);
  const addWords = (text: string) => {
    for (const w of fold(text).split(/[^a-z0-9]+/)) if (w) known.add(w);
  };
  for (const a of articles) addWords([a.title, a.summary, a.body, ...a.questions].join(" "));
  for (const v of vocabularies) addWords(Object.values(v.words).join(" ") + " " + Object.values(v.phrases).join(" "));
  for (const [pattern] of text.phrases) addWords(pattern.source.replace(/\\[a-z]|[^a-z ]+/gi, " "));
  const knownByLength = new Map<number, string[]>();
  for (const w of known) {
    const list = knownByLength.get(w.length) ?? [];
    list.push(w);
    knownByLength.set(w.length, list);
  }

  const markers = vocabularies.map((v) => ({ v, set: new Set(v.markers) }));

  function detect(words: string[]): Vocabulary | undefined {
    const english = words.filter((w) => ENGLISH_MARKERS.has(w)).length;
    let best: { v: Vocabulary; score: number } | undefined;
    for (const { v, set } of markers) {
      const score =
        words.filter((w) => set.has(w)).length + words.filter((w) => !known.has(w) && v.words[w] !== undefined).length;
      if (score > (best?.score ?? 0)) best = { v, score };
    }
    return best && best.score > english && best.score >= 2 ? best.v : undefined;
  }

  function correct(word: string): string {
    const w = word.toLowerCase();
    if (w.length < 5 || /[\d'’]/.test(w) || known.has(w)) return word;
    const maxDistance = w.length >= 9 ? 2 : 1;
    let bestDistance = maxDistance + 1;
    let candidates: string[] = [];
    for (let len = w.length - maxDistance; len <= w.length + maxDistance; len++) {
      for (const k of knownByLength.get(len) ?? []) {
        if (k.length < 4) continue;
        const d = editDistance(w, k, maxDistance);
        if (d < bestDistance) {
          bestDistance = d;
          candidates = [k];
        } else if (d === bestDistance) candidates.push(k);
      }
    }
    if (candidates.length === 0) return word;
    // Two near words that mean different things ("chargd": charge or change?): leave it alone
    // rather than pull in the wrong article.
    const meaning = (list: string[]) => new Set(list.map((c) => text.processTerm(c) ?? c));
    if (meaning(candidates).size === 1) return candidates[0] ?? word;
    // A dropped, doubled or swapped letter is a likelier slip than a wrong one ("acount": account, not amount).
    const slips = candidates.filter((c) => c.length !== w.length || [...c].sort().join("") === [...w].sort().join(""));
    return slips.length > 0 && meaning(slips).size === 1 ? (slips[0] ?? word) : word;
  }

  return {
    language(text: string): ShopperLanguage {
      const v = detect(fold(text).split(/[^a-z0-9]+/).filter(Boolean));
      return v ? { code: v.language, name: v.name, note: v.note } : ENGLISH;
    },
    understand(query: string): string {
      let read = query;
      const folded = fold(query);
      const v = detect(folded.split(/[^a-z0-9]+/).filter(Boolean));
      if (v) {
        read = ` ${folded.replace(/[^a-z0-9@.-]+/g, " ")} `;
        for (const [from, to] of Object.entries(v.phrases).sort((a, b) => b[0].length - a[0].length)) {
          read = read.split(` ${from} `).join(` ${to} `);
        }
        const markerSet = new Set(v.markers);
        read = read
          .split(" ")
          .map((w) => v.words[w] ?? (markerSet.has(w) ? "" : w))
          .join(" ");
      }
      return read.replace(/[\p{L}][\p{L}'’]*/gu, (w) => SHORTHAND[w.toLowerCase()] ?? correct(w));
    },
  };
}

// Chat shorthand, too short for the typo correction to guess.
const SHORTHAND: Record<string, string> = {
  u: "you", ur: "your", r: "are", lng: "long", pls: "please", plz: "please", thx: "thanks", ty: "thanks",
  wat: "what", wut: "what", wats: "whats", abt: "about", acct: "account", pkg: "package", pw: "password",
  pwd: "password", addy: "address", rn: "now", asap: "soon", cc: "card", tmrw: "tomorrow", yr: "year",
};

// Everyday words that are not typos of a store word, though one edit away from one.
const KNOWN_EXTRA = "login logout signin checkout homework poem poems joke jokes weather movie recipe bread engine chess song president capital world python function code stock stocks bitcoin election vote essay story".split(" ");

/** Damerau-Levenshtein (optimal string alignment) distance, giving up above `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    let rowMin = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
  }
  return rows[a.length]![b.length]!;
}

// ---------------------------------------------------------------------------------------------
// Conversation query

const FOLLOW_UP_CUE = /^(and|also|plus|or|but|same|what about|how about|what if|then)\b/i;
const QUESTION_START = /^(how|what|where|when|why|who|which|can|could|do|does|did|is|are|will|would|should|i|my)\b/i;

/**
 * The text to search for a conversation: the last user message, plus the previous user message
 * when the last one is a short follow-up (e.g. "and to Canada?").
 */
export function conversationQuery(messages: { role: "user" | "assistant"; content: string }[]): string {
  const user = messages.filter((m) => m.role === "user").map((m) => m.content.trim());
  const last = user.at(-1) ?? "";
  const previous = user.at(-2);
  if (!previous) return last;
  const words = last.split(/\s+/).filter(Boolean);
  const followUp =
    FOLLOW_UP_CUE.test(last) || (words.length <= 3 && !QUESTION_START.test(last)) || BUILT_IN.analyze(last).length === 0;
  return followUp ? `${previous} ${last}` : last;
}

// ---------------------------------------------------------------------------------------------
// Text normalisation, shared by indexing and querying

// Phrases rewritten before tokenising, so multi-word ideas become one term. The store's places
// ("toronto" -> canada) are its phrase synonyms, data applied between these two lists.
const PHRASES_BEFORE_PLACES: [RegExp, string][] = [
  [/(?<![A-Za-z])U\.?S\.?(A\.?)?(?![A-Za-z])/g, " usa "], // upper-case "US" is the country; "us" a pronoun
  [/\bunited states\b|\bthe states\b|\bamerica\b/gi, " usa "],
  [/\bunited kingdom\b|\bgreat britain\b|\bbritain\b|\bengland\b|\bscotland\b|\bwales\b/gi, " uk "],
  [/\bp\.?\s?o\.?\s?box(es)?\b|\bpost office box(es)?\b/gi, " pobox "],
  [/\bmoney back\b|\bcash back\b/gi, " refund "],
  // When a card is charged is a payment question, not refund timing ("money" alone means a refund).
  [/\b(money|payment|amount)( \w+)? (comes?|coming|go(es)?|taken|leaves?) (out|off)\b|\btaken (out )?(of|from) my (card|account|bank)\b|\bwhen (do|will|would|should|must) (i|we) (pay|be billed)\b|\b(billed|debited)\b/gi, " charged card "],
  [/\b(send|sending|sent|ship|bring|take|give)( (it|them|this|that|these|those|something|stuff|(an? |the |my )?items?))? back\b/gi, " return "],
  [/\bget in touch\b/gi, " contact "],
  // "How long" asks for a number of days: the articles state windows and times in days.
  [/\bhow (long|many days|much time)\b/gi, " days "],
  [/\bcame (with|in)\b|\barrived with\b/gi, " arrived "],
  [/\bnext[- ]day\b/gi, " express "],
  [/\bweekends?\b/gi, " saturday sunday "],
  [/\b(pay|paying) (over time|monthly|in parts)\b|\bpayment plan\b/gi, " installment "],
  [/\b(fell|came|falling|coming) (off|apart)\b|\bpeeling\b|\brusting\b/gi, " defect "],
  [/\brun(s|ning)? out\b|\bgo(es)? bad\b/gi, " expire "],
];
const PHRASES_AFTER_PLACES: [RegExp, string][] = [
  [/\bbuy now,? pay later\b|\bpay later\b|\bpay in (4|four)\b/gi, " installment "],
  [/\bsign(ed|ing)? in\b|\blog(ged|ging)? ?in\b|\blogin\b/gi, " signin "],
  [/\bcustomer (service|support|care)\b/gi, " support "],
  [/\b(close|cancel|terminate|remove) (my |the )?account\b/gi, " delete account "],
  [/\bgift ?cards?\b|\be-?gift cards?\b|\bgift (vouchers?|certificates?)\b/gi, " giftcard "],
  [/\bfinal[- ]sale\b|\bclearance\b/gi, " finalsale "],
  [/\bdoes ?n[o']?t work\b|\bnot working\b|\bstopped working\b|\bwon'?t (turn on|work|start)\b/gi, " defect "],
];

const STOPWORDS = new Set(
  (
    "a an the i me my mine we our ours you your yours he she it its they them their this that these those " +
    "is are was were be been being am do does did doing have has had having to of in on at by for with from " +
    "into out up off over about as and or but if so than then there here what which who whom how when where why " +
    "can could would should will shall may might must just please hi hello hey thanks thank ok okay " +
    "any some all also too very really im ive id dont cant wont isnt arent didnt doesnt us yes no not " +
    "long much many get got go going want wanted need like know tell let say one thing anything something anyone whats wheres hows thats theres youre ill ive " +
    "until till yet"
  ).split(" "),
);


// Things the store sells. Articles say "item", shoppers name the thing ("my plates were chipped"):
// such a word is on topic even when no article contains it, so it never lowers a match's coverage.
const PRODUCT_NOUNS = new Set(
  (
    "plate bowl cup mug glass pan pot skillet kettle toaster blender mixer oven knife fork spoon " +
    "apron towel board tray pitcher jar lid dish teapot grinder cookware appliance utensil"
  )
    .split(" ")
    .map(stem),
);

export interface TextAnalyzer {
  /** The phrase rules in the order they apply, the store's phrase synonyms among them. */
  phrases: readonly [RegExp, string][];
  /** The store's word synonyms (their terms), which the typo correction counts as known words. */
  wordSynonyms: readonly string[];
  tokenize(text: string): string[];
  processTerm(term: string): string | null;
  /** Lower-case content terms of a text, as the index sees them. */
  analyze(text: string): string[];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * How the index reads text with the store's synonyms: a phrase synonym rewrites those exact words
 * before tokenising (one rule per term meant, in the list's order); a word synonym maps the word
 * and its forms to a canonical term after stemming.
 */
export function createTextAnalyzer(synonyms: readonly Synonym[]): TextAnalyzer {
  const places = new Map<string, string[]>();
  for (const s of synonyms) {
    if (s.match !== "phrase") continue;
    places.set(s.means, [...(places.get(s.means) ?? []), escapeRegExp(s.term.trim().toLowerCase()).replace(/\s+/g, " ")]);
  }
  const phrases: [RegExp, string][] = [
    ...PHRASES_BEFORE_PLACES,
    ...[...places].map(([means, terms]): [RegExp, string] => [new RegExp(`\\b(${terms.join("|")})\\b`, "gi"), ` ${means} `]),
    ...PHRASES_AFTER_PLACES,
  ];
  const words = synonyms.filter((s) => s.match === "word");
  // Keyed by both the word and its stem, so "arrive", "arrived" and "arriving" all find "ship".
  const canonical = new Map<string, string>(
    words.flatMap(({ term, means }) => [
      [term, stem(means)],
      [stem(term), stem(means)],
    ]),
  );

  function tokenize(text: string): string[] {
    let t = text;
    for (const [pattern, replacement] of phrases) t = t.replace(pattern, replacement);
    return t
      .toLowerCase()
      .replace(/['’]/g, "")
      .split(/[^a-z0-9]+/)
      .filter(Boolean);
  }

  function processTerm(term: string): string | null {
    const word = term.toLowerCase();
    if (STOPWORDS.has(word)) return null;
    const stemmed = stem(word);
    if (STOPWORDS.has(stemmed)) return null;
    return canonical.get(word) ?? canonical.get(stemmed) ?? stemmed;
  }

  return {
    phrases,
    wordSynonyms: words.map((w) => w.term),
    tokenize,
    processTerm,
    analyze: (text) =>
      tokenize(text).flatMap((t) => {
        const p = processTerm(t);
        return p === null ? [] : [p];
      }),
  };
}

/** Light suffix stripping so "returns", "returned" and "returning" meet at "return". */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith("ies") && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (/(ch|sh|x|z)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith("s") && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);

  if (w.endsWith("ing") && w.length > 5) w = undouble(w.slice(0, -3));
  else if (w.endsWith("ed") && w.length > 4) w = undouble(w.slice(0, -2));
  else if (w.endsWith("ly") && w.length > 5) w = w.slice(0, -2);

  if (w.endsWith("e") && w.length > 4) w = w.slice(0, -1);
  return w;
}

function undouble(w: string): string {
  return /([bdfgmnprt])\1$/.test(w) ? w.slice(0, -1) : w;
}

/** The rules alone, without any store synonyms: enough to tell whether a text has content words. */
const BUILT_IN = createTextAnalyzer([]);
