import { en, type Messages } from "./en";
import { es } from "./es";
import type { Locale } from "./locales";

/** Every language's words. Imported by server code only, so a browser gets just its own language. */
export const DICTIONARIES: Record<Locale, Messages> = { en, es };
