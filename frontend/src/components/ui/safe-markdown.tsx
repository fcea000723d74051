// Markdown from the model is untrusted. Raw HTML is dropped (skipHtml, and no rehype-raw), URLs
// are limited to http(s), mailto and relative ones, and images are never fetched: a remote image
// could track the shopper, so it becomes a plain link instead.
import type { ComponentProps } from "react";
import ReactMarkdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";

const ALLOWED_SCHEMES = new Set(["http:", "https:", "mailto:"]);

/** The URL if it is safe to put in an href, otherwise "". */
export function safeUrl(url: string): string {
  const trimmed = url.trim();
  // Control characters and whitespace inside a scheme ("java\nscript:") are how filters get fooled.
  if ([...trimmed].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f)) return "";
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed);
  if (!scheme) {
    // Relative: /help/returns, #top, ?q=, ./x. Protocol-relative (//host) counts as remote: allowed
    // only as https by browsers' default, but keep it simple and refuse it.
    // Browsers read a backslash as a slash, so "/\\host" and "\\\\host" are remote too.
    return /^[/\\]{2}/.test(trimmed) ? "" : trimmed;
  }
  return ALLOWED_SCHEMES.has(scheme[0].toLowerCase()) ? trimmed : "";
}

function MarkdownLink({ href, title, children }: ComponentProps<"a">) {
  const safe = href ? safeUrl(href) : "";
  if (!safe) return <span>{children}</span>;
  return (
    <a href={safe} title={title} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}

function MarkdownImage({ src, alt }: ComponentProps<"img">) {
  const label = alt?.trim() || "image";
  const safe = typeof src === "string" ? safeUrl(src) : "";
  if (!safe) return <span>[{label}]</span>;
  return (
    <a href={safe} target="_blank" rel="noopener noreferrer">
      [Image: {label}]
    </a>
  );
}

const COMPONENTS: Components = {
  a: MarkdownLink,
  img: MarkdownImage,
};

export default function SafeMarkdown({ children }: { children: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={[remarkGfm]} skipHtml urlTransform={safeUrl} components={COMPONENTS}>
        {children}
      </ReactMarkdown>
    </div>
  );
}
