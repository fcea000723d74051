// How long a client may take to send its request. Node's defaults let a slow body hold a
// connection for 300 s (requestTimeout) and check only every 30 s; a few slow clients could pin
// the API. Both limits end once the request is fully received, so a streamed reply that runs
// longer is never cut (https://nodejs.org/api/http.html#serverrequesttimeout).
import type { Server } from "node:http";
import type { Config } from "./config";

type TimeoutSettings = Pick<Config, "HEADERS_TIMEOUT_MS" | "REQUEST_TIMEOUT_MS" | "KEEP_ALIVE_TIMEOUT_MS">;

/** Call before listen(): the checking interval is read when the server starts listening. */
export function applyServerTimeouts(server: Server, config: TimeoutSettings): Server {
  server.headersTimeout = config.HEADERS_TIMEOUT_MS;
  server.requestTimeout = config.REQUEST_TIMEOUT_MS;
  server.keepAliveTimeout = config.KEEP_ALIVE_TIMEOUT_MS;
  // The timeouts are enforced by a sweep; at Node's 30 s a 15 s limit could take 45 s to bite.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.max(50, Math.min(1_000, Math.floor(config.HEADERS_TIMEOUT_MS / 4)));
  return server;
}
