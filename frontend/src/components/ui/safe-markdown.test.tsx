import { render } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import SafeMarkdown, { safeUrl } from "./safe-markdown";

function renderMarkdown(text: string) {
  return render(<SafeMarkdown>{text}</SafeMarkdown>).container;
}

describe("SafeMarkdown", () => {
  it("renders ordinary markdown", () => {
    const html = renderMarkdown("**Free shipping** over $50\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |");
    expect(html.querySelector("strong")?.textContent).toBe("Free shipping");
    expect(html.querySelectorAll("li")).toHaveLength(2);
    expect(html.querySelector("table")).not.toBeNull();
  });

  it("never renders raw HTML such as script tags or event handlers", () => {
    const html = renderMarkdown(
      'Hi <script>alert(1)</script> <img src="x" onerror="alert(2)"> <b onclick="alert(3)">bold</b>\n\n<iframe src="https://evil.example"></iframe>',
    );
    expect(html.querySelector("script, iframe, img, b")).toBeNull();
    expect(html.innerHTML).not.toMatch(/onerror|onclick|<script/i);
  });

  it("drops javascript:, data: and vbscript: links but keeps their text", () => {
    const html = renderMarkdown(
      "[click](javascript:alert(1)) [tricky](JaVaScRiPt:alert(1)) [data](data:text/html,<script>alert(1)</script>) [vb](vbscript:msgbox)",
    );
    expect(html.querySelector("a")).toBeNull();
    expect(html.textContent).toContain("click");
    expect(html.innerHTML).not.toMatch(/javascript:|data:|vbscript:/i);
  });

  it("opens allowed links in a new tab without an opener", () => {
    const html = renderMarkdown("[Returns](https://harborandpine.example/returns) [Help](/help/returns) [Mail](mailto:support@harborandpine.example)");
    const links = Array.from(html.querySelectorAll("a"));
    expect(links.map((link) => link.getAttribute("href"))).toEqual([
      "https://harborandpine.example/returns",
      "/help/returns",
      "mailto:support@harborandpine.example",
    ]);
    for (const link of links) {
      expect(link).toHaveAttribute("target", "_blank");
      expect(link).toHaveAttribute("rel", "noopener noreferrer");
    }
  });

  it("never loads images: a remote image becomes a link, an unsafe one plain text", () => {
    const html = renderMarkdown("![tracking pixel](https://evil.example/p.gif) ![x](javascript:alert(1))");
    expect(html.querySelector("img")).toBeNull();
    const link = html.querySelector("a");
    expect(link).toHaveAttribute("href", "https://evil.example/p.gif");
    expect(link?.textContent).toBe("[Image: tracking pixel]");
    expect(html.textContent).toContain("[x]");
    expect(html.innerHTML).not.toMatch(/javascript:/i);
  });

  it("safeUrl allows only http(s), mailto and relative URLs", () => {
    expect(safeUrl("https://a.example")).toBe("https://a.example");
    expect(safeUrl("/help/x")).toBe("/help/x");
    expect(safeUrl("#top")).toBe("#top");
    expect(safeUrl(" javascript:alert(1)")).toBe("");
    expect(safeUrl("java\tscript:alert(1)")).toBe("");
    expect(safeUrl("//evil.example")).toBe("");
    expect(safeUrl("/\\evil.example")).toBe("");
    expect(safeUrl("\\\\evil.example")).toBe("");
    expect(safeUrl("/help/return-policy")).toBe("/help/return-policy");
    expect(safeUrl("ftp://files.example")).toBe("");
  });
});
