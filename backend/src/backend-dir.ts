import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The backend folder, where its files live (.env, data/, knowledge/, store/). One place computes it:
 * this module is src/backend-dir.ts under tsx and part of dist/<entry>.js once built
 * (scripts/build.mjs), both one level below backend/, so one ".." is right for both.
 */
export const BACKEND_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
