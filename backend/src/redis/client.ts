import type { createClient } from "redis";
import type { Logger } from "../logger";

export type RedisClient = ReturnType<typeof createClient>;

// Every cache call gives up after this long: a slow Redis must not slow the chat down.
const COMMAND_TIMEOUT_MS = 250;

export interface RedisConnection {
  client: RedisClient;
  /** REDIS_PREFIX: every key and channel of this deployment starts with it. */
  prefix: string;
  /** The Redis name of one of our keys (or channels): the prefix, then `name`. */
  key(name: string): string;
  isReady(): boolean;
  /** Runs a command, or answers undefined when Redis is down, slow or failing. Never throws. */
  attempt<T>(what: string, command: (client: RedisClient) => Promise<T>): Promise<T | undefined>;
  /** Whether Redis answers a PING within the command timeout (a frozen server stays "ready"). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Connects in the background and keeps reconnecting. Commands fail at once while disconnected
 * (no offline queue), so nothing waits on a Redis that is down. The client library is loaded here,
 * on first use: without REDIS_URL the process never holds it (bench/README.md, "API memory at idle").
 */
export async function connectRedis(url: string, logger: Logger, prefix = ""): Promise<RedisConnection> {
  const { createClient } = await import("redis");
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 1_000,
      reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2_000),
    },
  });
  let loggedDown = false;
  client.on("error", (error: Error) => {
    if (!loggedDown) logger.warn({ err: error.message }, "redis unavailable; serving from the database");
    loggedDown = true;
  });
  client.on("ready", () => {
    if (loggedDown) logger.info("redis reconnected");
    loggedDown = false;
  });
  client.connect().catch(() => {
    // The error listener has logged it; the reconnect strategy keeps trying.
  });

  const connection: RedisConnection = {
    client,
    prefix,
    key: (name) => `${prefix}${name}`,
    isReady: () => client.isReady,
    async attempt(what, command) {
      if (!client.isReady) return undefined;
      let timer: NodeJS.Timeout | undefined;
      try {
        return await Promise.race([
          command(client),
          new Promise<undefined>((resolve) => {
            timer = setTimeout(() => resolve(undefined), COMMAND_TIMEOUT_MS);
          }),
        ]);
      } catch (error) {
        logger.warn({ err: (error as Error).message, what }, "redis command failed");
        return undefined;
      } finally {
        clearTimeout(timer);
      }
    },
    async ping() {
      return (await this.attempt("ping", (c) => c.ping())) === "PONG";
    },
    async close() {
      if (client.isOpen) await client.close().catch(() => client.destroy());
      else client.destroy();
    },
  };
  return connection;
}
