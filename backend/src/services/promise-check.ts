// Invented promises: a reply that offers a refund, discount, exception, free shipping, an amount or
// a date that neither its knowledge passages nor its tool results state. Pure rules over the reply
// and its sources, run on every complete reply before it is stored; a flagged reply is kept as
// written (the shopper already saw it) and marked for staff review.

export const UNSUPPORTED_PROMISE = "unsupported_promise";

export interface PromiseFinding {
  /** The reply's sentence that made the claim. */
  sentence: string;
  /** Why it is unsupported, e.g. `amount $25.00` or `benefit "discount"`. */
  reason: string;
}

/** The reply's flags: `["unsupported_promise"]` when any claim lacks support, else `[]`. */
export function findUnsupportedPromises(reply: string, groundingTexts: readonly string[], toolResultsJson: readonly string[]): string[] {
  return explainUnsupportedPromises(reply, groundingTexts, toolResultsJson).length > 0 ? [UNSUPPORTED_PROMISE] : [];
}

/** Each unsupported claim with its reason (the evals and the staff view show them). */
export function explainUnsupportedPromises(
  reply: string,
  groundingTexts: readonly string[],
  toolResultsJson: readonly string[],
): PromiseFinding[] {
  const support = supportOf(groundingTexts, toolResultsJson);
  const findings: PromiseFinding[] = [];
  for (const sentence of sentences(reply)) {
    for (const amount of amounts(sentence)) {
      if (!support.amounts.has(amount)) findings.push({ sentence, reason: `amount $${amount}` });
    }
    for (const percent of percents(sentence)) {
      if (!support.percents.has(percent)) findings.push({ sentence, reason: `percentage ${percent}%` });
    }
    for (const date of dates(sentence)) {
      if (!support.dates.has(date)) findings.push({ sentence, reason: `date ${date}` });
    }
    const lower = normalise(sentence);
    for (const benefit of BENEFITS) {
      const match = benefit.pattern.exec(lower);
      if (!match) continue;
      // "I can't promise a refund" refuses; "we'll refund it, though it wasn't damaged" does not.
      if (NEGATION.test(lower.slice(0, match.index))) continue;
      // An always-suspicious word (compensation, goodwill...) is unsupported unless a source says it;
      // a policy word (refund, free) only in a commitment to this shopper.
      const committed = benefit.always || COMMITMENT.test(lower);
      if (!committed) continue;
      const key = benefit.support ?? match[0];
      // Supported when one line of a source states the benefit with the same qualifiers: "free" on
      // the US Standard line does not make Express, or returns from Germany, free.
      const qualifiers = contentWords(lower).filter((w) => QUALIFIER.test(w));
      const line = support.lines.find((l) => l.includes(key) && qualifiers.every((q) => hasWord(l, q)));
      if (!line) {
        const why = support.text.includes(key) ? ` for ${qualifiers.join(", ")}` : "";
        findings.push({ sentence, reason: `benefit "${match[0]}"${why}` });
      }
    }
    if (/\b(i|we) (promise|guarantee)\b/.test(lower)) findings.push({ sentence, reason: "a promise" });
  }
  return dedupe(findings);
}

// ---------------------------------------------------------------------------------------------
// What the reply claims

interface Benefit {
  pattern: RegExp;
  /** Whether the word is a promise wherever it appears (not only in a commitment). */
  always: boolean;
  /** The text that must appear in the sources; default the matched text. */
  support?: string;
}

const BENEFITS: Benefit[] = [
  { pattern: /\bfull refund\b/, always: false },
  { pattern: /\bfree( prepaid)?( return)? (shipping|delivery|return label|returns?|label)\b/, always: false, support: "free" },
  { pattern: /\b(shipping|delivery|returns?|it|that|this|label) (is|are|will be|'s) (completely |totally )?free\b/, always: false, support: "free" },
  { pattern: /\bfree (replacement|upgrade|gift|item)\b/, always: true },
  { pattern: /\brefund(ed)? (your|the)( original)? (shipping|delivery)\b/, always: false, support: "shipping is refunded" },
  { pattern: /\b(discount|% off|percent off)\b/, always: false },
  { pattern: /\b(compensation|compensate|goodwill|as a courtesy|courtesy credit|store credit)\b/, always: true },
  { pattern: /\b(make an exception|one-time exception|waive|waived|extend(ed)? (the|your) (deadline|window|return))\b/, always: true },
  { pattern: /\b(guaranteed?|promised?) (delivery|arrival|to arrive|by)\b/, always: true },
  { pattern: /\b(arrive|be delivered|get it|deliver it) (by|on|tomorrow|today)\b/, always: false, support: "\u0000" },
  { pattern: /\brefund\b/, always: false },
];

// The reply commits the store to something for this shopper.
const COMMITMENT =
  /\b(i will|i'll|i can (offer|give|issue|add|apply|send|refund|arrange)|we will|we'll|we can (offer|give|issue|add|apply|refund)|i've (applied|issued|added|refunded|arranged|credited)|i have (applied|issued|added|refunded|arranged|credited)|you('ll| will) (get|receive|be (refunded|given|credited|sent))|you('re| are) (entitled|eligible) to|yes\b|of course\b|absolutely\b|that's right|that is right|correct\b|as promised)\b/;
// "I can't promise a refund" is a refusal, not a promise. A bare "no" is not enough ("no questions asked").
const NEGATION =
  /(\b(not|cannot|never|unable|rather not)\b|n't\b|\bno (refund|discount|exception|compensation|free|promise))/;

// Words that narrow a benefit to a place, a shipping option or a time.
const QUALIFIER =
  /^(express|standard|international|final|sale|gift|germany|france|spain|italy|ireland|netherlands|europe|eu|uk|canada|mexico|australia|japan|international|internationally|abroad|overseas|tomorrow|today|tonight|monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend|lifetime|forever)$/;

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

function sentences(text: string): string[] {
  return text
    .replace(/\*\*/g, "")
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Lower case, plain quotes, no bold; line breaks kept (a source's lines are compared one by one). */
function normalise(text: string): string {
  return text.toLowerCase().replace(/[’‘]/g, "'").replace(/\*\*/g, "").replace(/[^\S\n]+/g, " ");
}

const hasWord = (line: string, word: string) => new RegExp(`(^|[^a-z])${word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^a-z])`).test(line);

function contentWords(text: string): string[] {
  return text.split(/[^a-z0-9%$.-]+/).filter(Boolean);
}

/** "$89", "$89.00", "89 dollars", "USD 89" -> "89.00". */
function amounts(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\$\s?(\d{1,3}(?:,\d{3})*(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)|\b(\d+(?:\.\d{1,2})?) ?(?:dollars|usd)\b|\busd ?(\d+(?:\.\d{1,2})?)/gi)) {
    const raw = (m[1] ?? m[2] ?? m[3] ?? "").replace(/,/g, "");
    out.push(Number(raw).toFixed(2));
  }
  return out;
}

function percents(text: string): string[] {
  return [...text.matchAll(/\b(\d{1,3}(?:\.\d+)?) ?(?:%|percent\b|per cent\b)/gi)].map((m) => String(Number(m[1])));
}

/** Calendar dates as ISO (year optional: "December 5" -> "12-05"); weekday words are not dates. */
function dates(text: string): string[] {
  const out: string[] = [];
  const lower = text.toLowerCase();
  for (const m of lower.matchAll(/\b(\d{4})-(\d{2})-(\d{2})\b/g)) out.push(`${m[2]}-${m[3]}`);
  const month = MONTHS.join("|");
  for (const m of lower.matchAll(new RegExp(String.raw`\b(${month}) (\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?\b`, "g"))) {
    out.push(`${pad(MONTHS.indexOf(m[1] ?? "") + 1)}-${pad(Number(m[2]))}`);
  }
  for (const m of lower.matchAll(new RegExp(String.raw`\b(\d{1,2})(?:st|nd|rd|th)? (?:of )?(${month})\b`, "g"))) {
    out.push(`${pad(MONTHS.indexOf(m[2] ?? "") + 1)}-${pad(Number(m[1]))}`);
  }
  return out;
}

const pad = (n: number) => String(n).padStart(2, "0");

// ---------------------------------------------------------------------------------------------
// What the sources support

interface Support {
  text: string;
  /** The sources line by line (a list item, a paragraph): a benefit and its qualifiers must share one. */
  lines: string[];
  words: Set<string>;
  amounts: Set<string>;
  percents: Set<string>;
  dates: Set<string>;
}

function supportOf(groundingTexts: readonly string[], toolResultsJson: readonly string[]): Support {
  const toolValues = toolResultsJson.flatMap((json) => flatten(parse(json)));
  const text = normalise([...groundingTexts, ...toolValues.map(String)].join("\n"));
  const amountsFound = new Set(amounts(text));
  // Tool results carry plain numbers (unitPrice: 49, refund.amount: 89) rather than "$49.00".
  for (const v of toolValues) if (typeof v === "number") amountsFound.add(v.toFixed(2));
  // A sum of two amounts (a total, a refund of two items) is as supported as its parts.
  const parts = [...amountsFound].map(Number);
  for (const a of parts) for (const b of parts) amountsFound.add((a + b).toFixed(2));
  for (const a of parts) for (let q = 2; q <= 5; q++) amountsFound.add((a * q).toFixed(2));
  return {
    text,
    lines: text.split(/\n+/).filter((l) => l.trim()),
    words: new Set(contentWords(text)),
    amounts: amountsFound,
    percents: new Set(percents(text)),
    dates: new Set(dates(text)),
  };
}

function parse(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
}

function flatten(value: unknown): (string | number)[] {
  if (typeof value === "string" || typeof value === "number") return [value];
  if (Array.isArray(value)) return value.flatMap(flatten);
  if (value && typeof value === "object") return Object.values(value).flatMap(flatten);
  return [];
}

function dedupe(findings: PromiseFinding[]): PromiseFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.sentence}\u0000${f.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
