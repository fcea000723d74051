// Retention: conversations untouched for RETENTION_DAYS are deleted with their messages and Redis
// keys, then visitors older than that with nothing left. Small batches with a pause between them,
// so a large backlog never holds the (synchronous) SQLite connection for long.
import type { RetentionRepo } from "../db/retention.repo";
import type { Logger } from "../logger";
import type { RedisConnection } from "../redis/client";
import type { MessageCache } from "../redis/message-cache";
import type { ReplyCache } from "../redis/reply-cache";
import { forgetVisitors } from "../redis/visitor-keys";

const BATCH = 100;
/** A run stops after this many batches and goes on at the next interval. */
const MAX_BATCHES_PER_RUN = 50;
const DAY_MS = 24 * 60 * 60_000;

export interface RetentionDeps {
  days: number;
  intervalMs: number;
  repo: RetentionRepo;
  messageCache: MessageCache;
  replyCache: ReplyCache;
  redis?: RedisConnection;
  clock: () => Date;
  logger: Logger;
}

const pause = () => new Promise((resolve) => setImmediate(resolve));

export function createRetention(deps: RetentionDeps) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = false;

  async function runOnce(): Promise<{ conversations: number; visitors: number }> {
    const removed = { conversations: 0, visitors: 0 };
    if (deps.days === 0) return removed;
    const cutoff = new Date(deps.clock().getTime() - deps.days * DAY_MS).toISOString();
    for (let batch = 0; batch < MAX_BATCHES_PER_RUN && !stopped; batch++) {
      const stale = await deps.repo.findStaleConversations(cutoff, BATCH);
      const deleted = await deps.repo.deleteStaleConversations(stale.map((c) => c.id), cutoff);
      for (const id of deleted) {
        await deps.messageCache.drop(id);
        await deps.replyCache.forgetConversation(id);
      }
      removed.conversations += deleted.length;
      if (stale.length < BATCH) break;
      await pause();
    }
    for (let batch = 0; batch < MAX_BATCHES_PER_RUN && !stopped; batch++) {
      const visitors = await deps.repo.deleteAbandonedVisitors(cutoff, BATCH);
      await forgetVisitors(deps.redis, visitors);
      removed.visitors += visitors.length;
      if (visitors.length < BATCH) break;
      await pause();
    }
    if (removed.conversations || removed.visitors) deps.logger.info({ ...removed, days: deps.days }, "retention removed old data");
    return removed;
  }

  const tick = () => {
    if (running || stopped) return;
    running = runOnce()
      .catch((error: unknown) => deps.logger.error({ err: error instanceof Error ? error.message : String(error) }, "retention run failed"))
      .finally(() => (running = undefined));
  };

  return {
    runOnce,
    /** Runs now, then every interval; off when RETENTION_DAYS is 0. */
    start() {
      if (deps.days === 0 || timer) return;
      tick();
      timer = setInterval(tick, deps.intervalMs);
      timer.unref();
    },
    /** Stops the timer and waits for a run in progress (before the database is closed). */
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
