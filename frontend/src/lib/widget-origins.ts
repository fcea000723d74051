// WIDGET_ALLOWED_ORIGINS on the web app's side: who may frame /embed (see src/proxy.ts). Read per
// request; an entry that is not an origin is left out (the API refuses to start on one).
import { readAllowedOrigins } from "@harbor/contracts/origins";

export function parseAllowedOrigins(value: string | undefined): string[] {
  return readAllowedOrigins(value).origins;
}
