import { en } from "./en";
import { createTranslate } from "./translate";

/** English `t()` for tests and server code; the browser gets its words from the provider only. */
export const englishT = createTranslate("en", en);
