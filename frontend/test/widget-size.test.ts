// @vitest-environment node
import { gzipSync } from "node:zlib";

import { bundleWidget } from "../scripts/build-widget.mjs";

describe("widget.js", () => {
  it("stays at most 8 kB gzip, with no framework in it", async () => {
    const code = await bundleWidget();
    const gzipped = gzipSync(code, { level: 9 }).length;
    expect(gzipped).toBeLessThanOrEqual(8 * 1024);
    expect(code).not.toMatch(/react|__NEXT/i);
    // Strict-CSP safe: no eval, no inline styles or scripts written into the store's document.
    expect(code).not.toMatch(/\beval\(|new Function|innerHTML|insertAdjacentHTML|document\.write/);
  });
});
