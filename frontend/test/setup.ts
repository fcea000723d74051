import "@testing-library/jest-dom/vitest";

import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

import { englishT } from "@/lib/i18n/english";
import { setTranslateOutsideProvider } from "@/lib/i18n/i18n-provider";

// A test file may run in Node instead (`@vitest-environment node`): no DOM to clean up there.
const hasDom = typeof window !== "undefined";

afterEach(() => {
  if (!hasDom) return;
  cleanup();
  window.localStorage.clear();
});

// jsdom has no layout, so the auto-scroll code needs these to exist.
if (hasDom && !Element.prototype.scrollTo) {
  Element.prototype.scrollTo = function scrollTo() {};
}

// Components render without the root layout's provider here: give them the English words.
setTranslateOutsideProvider(englishT);
