// Entry point: config, connections, listen, and a clean stop on SIGTERM/SIGINT.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { composeApp } from "./compose";
import { ConfigError, loadConfig } from "./config";
import { applyServerTimeouts } from "./server-timeouts";
import { redactUrl } from "./db/connection";

// Connections the kernel holds until the API accepts them. Node's default, 511, overflows when a
// thousand shoppers open a stream within a second on a busy process, and an overflowed connection
// is dropped and then reset; the kernel caps this at net.core.somaxconn (4096 on current Linux).
const LISTEN_BACKLOG = 4096;

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const { app, logger, redis, responder, stopReplies, close, hasStaff } = await composeApp(config);
  if (!(await hasStaff())) {
    logger.warn(
      'No staff account yet. Create the first one (it asks for the password): npm run staff -- add --email you@example.com --name "Your Name" --role owner',
    );
  }

  const server = applyServerTimeouts(http.createServer(app), config);
  server.once("error", (error: NodeJS.ErrnoException) => {
    // A port in use or not ours to take: one readable line, not an unhandled 'error' event's stack.
    logger.fatal({ code: error.code }, `cannot listen on ${config.HOST}:${config.PORT}: ${error.message}`);
    void close().finally(() => process.exit(1));
  });
  server.listen({ port: config.PORT, host: config.HOST, backlog: LISTEN_BACKLOG }, () => {
    // PORT=0 takes any free port; the line names the one taken.
    const { port } = server.address() as AddressInfo;
    logger.info(
      {
        port,
        responder: responder.name === "mistral" ? `mistral (${config.MISTRAL_MODEL})` : "offline (knowledge base, no API key)",
        redis: redis ? "enabled" : "disabled",
        database: config.DATABASE_URL ? redactUrl(config.DATABASE_URL) : config.DATABASE_PATH,
      },
      `API listening on http://localhost:${port}`,
    );
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    const forced = setTimeout(() => {
      logger.error("shutdown took too long; exiting");
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    forced.unref();
    server.close();
    await stopReplies();
    server.closeAllConnections();
    await close();
    logger.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error) => {
  console.error("API failed to start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
