// The composition root: builds the whole app from its settings. The server, the tests, the evals
// and the bench all call this, so they run the same wiring.
import path from "node:path";
import { createApp } from "./app";
import type { Config } from "./config";
import { databaseLocation, openDatabase, type OpenedDatabase } from "./db/connection";
import { loadLanguageVocabularies, KNOWLEDGE_DIR } from "./db/knowledge-files";
import { offlineKnowledge, type KnowledgeBase } from "./services/knowledge-index";
import { createLiveKnowledgeBase } from "./services/knowledge.service";
import { createResponder, type Responder } from "./llm/responder";
import { createLogger, type Logger } from "./logger";
import { createInProcessEventBus, type EventBus } from "./events/live-events";
import { createRedisEventBus } from "./events/redis-event-bus";
import { createStoreProfileRepo } from "./db/store-profile.repo";
import { openStoreProfile, type StoreProfileService } from "./services/store-profile.service";
import { connectRedis, type RedisConnection } from "./redis/client";
import { createMemoryMessageCache, withMemoryInFront } from "./redis/memory-message-cache";
import { createMessageCache } from "./redis/message-cache";
import { createReplyCache, noReplyCache } from "./redis/reply-cache";
import { createRetentionRepo } from "./db/retention.repo";
import { createRetention } from "./services/retention.service";

export interface ComposeOptions {
  logger?: Logger;
  clock?: () => Date;
  /** Wraps the model (Mistral or offline) the app answers with; the evals record tool calls with it. */
  wrapModel?: (model: Responder["model"]) => Responder["model"];
}

export interface ComposedApp {
  app: ReturnType<typeof createApp>["app"];
  config: Config;
  logger: Logger;
  database: OpenedDatabase;
  redis: RedisConnection | undefined;
  responder: Responder;
  /** The retrieval index over the published articles, kept current as they change. */
  knowledge: KnowledgeBase;
  /** The store's profile as this instance holds it. */
  store: StoreProfileService;
  /** Stops open replies (each is stored as `stopped`) and waits for them. */
  stopReplies(): Promise<void>;
  hasStaff(): Promise<boolean>;
  /** Closes what the app holds open (live channels, Redis, the database). */
  close(): Promise<void>;
}

export async function composeApp(config: Config, options: ComposeOptions = {}): Promise<ComposedApp> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const database = await openDatabase(databaseLocation(config), { seedDemoData: config.SEED_DEMO_DATA });
  const redis = config.REDIS_URL ? await connectRedis(config.REDIS_URL, logger, config.REDIS_PREFIX) : undefined;
  const clock = options.clock ?? (() => new Date());
  const events: EventBus = redis ? createRedisEventBus(redis, redis.key("events"), logger) : createInProcessEventBus();
  let store: StoreProfileService;
  try {
    store = await openStoreProfile({ repo: createStoreProfileRepo(database.db), events, clock, logger });
  } catch (error) {
    await events.close();
    await redis?.close();
    await database.close();
    throw error;
  }
  // The articles and synonyms are read from the database once the app is built (built.ready).
  const knowledge = createLiveKnowledgeBase(loadLanguageVocabularies(path.join(KNOWLEDGE_DIR, "vocabulary")));
  const responderFor = (index: KnowledgeBase): Responder => {
    const created = createResponder(config, offlineKnowledge(index), () => store.facts());
    return options.wrapModel ? { ...created, model: options.wrapModel(created.model) } : created;
  };
  const responder = responderFor(knowledge);
  // The newest messages are kept in this process, in front of Redis when there is one: each read
  // checks them against the database's revision, so a write elsewhere is never hidden (decision 025).
  const messageCache = redis ? withMemoryInFront(createMessageCache(redis)) : createMemoryMessageCache();
  const built = createApp({ config, database, redis, responder, responderFor, knowledge, logger, events, store, messageCache, clock: options.clock });
  try {
    await built.ready;
  } catch (error) {
    await built.close();
    store.close();
    await events.close();
    await redis?.close();
    await database.close();
    throw error;
  }
  const retention = createRetention({
    days: config.RETENTION_DAYS,
    intervalMs: config.RETENTION_INTERVAL_MS,
    repo: createRetentionRepo(database.db),
    messageCache,
    replyCache: redis ? createReplyCache(redis) : noReplyCache,
    redis,
    clock,
    logger,
  });
  retention.start();
  return {
    app: built.app,
    config,
    logger,
    database,
    redis,
    responder,
    knowledge,
    store,
    stopReplies: built.stopReplies,
    hasStaff: built.hasStaff,
    async close() {
      await retention.stop();
      await built.close();
      store.close();
      await events.close();
      await redis?.close();
      await database.close();
    },
  };
}
