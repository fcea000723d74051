// The whole API without listen(): tests and the server both build it from its dependencies.
import cors from "cors";
import express from "express";
import helmet from "helmet";
import { BODY_MAX_BYTES } from "@harbor/contracts/limits";
import type { Config } from "./config";
import { createChatController } from "./controllers/chat.controller";
import { createConversationController } from "./controllers/conversation.controller";
import { createHealthController } from "./controllers/health.controller";
import { createHelpController } from "./controllers/help.controller";
import { createKnowledgeController } from "./controllers/knowledge.controller";
import { createKnowledgeRepo } from "./db/knowledge.repo";
import { createInsightsController } from "./controllers/insights.controller";
import { createLiveController, LiveStreams } from "./controllers/live.controller";
import { createStaffController } from "./controllers/staff.controller";
import { createStoreController } from "./controllers/store.controller";
import type { OpenedDatabase } from "./db/connection";
import { createConversationRepo, createStaffConversationRepo } from "./db/conversation.repo";
import { createStaffRepo } from "./db/staff.repo";
import { createMessageRepo } from "./db/message.repo";
import { createOrderRepo } from "./db/order.repo";
import { createInsightsRepo } from "./db/insights.repo";
import { createReplyMetricsRepo } from "./db/reply-metrics.repo";
import { createVisitorRepo } from "./db/visitor.repo";
import type { EventBus } from "./events/live-events";
import { createKnowledgeService, type LiveKnowledgeBase } from "./services/knowledge.service";
import type { Responder } from "./llm/responder";
import type { Logger } from "./logger";
import { authenticateStaff, checkOrigin } from "./middleware/actor";
import { authenticate } from "./middleware/authenticate";
import { loginLimits } from "./middleware/login-limit";
import { privateResponses } from "./middleware/cache-control";
import { chatLimits } from "./middleware/chat-limits";
import { turnPacing } from "./middleware/turn-pacing";
import { errorHandler, notFoundRoute } from "./middleware/error-handler";
import { rateLimitPerMinute } from "./middleware/rate-limit";
import { requestContext } from "./middleware/request-context";
import type { RedisConnection } from "./redis/client";
import type { MessageCache } from "./redis/message-cache";
import { createMemoryReplyStreamStore } from "./redis/memory-reply-stream-store";
import { createReplyCache, noReplyCache } from "./redis/reply-cache";
import { createRedisReplyStreamStore } from "./redis/reply-stream-store";
import { apiRoutes } from "./routes";
import { createChatService, previewReply } from "./services/chat.service";
import { createReplyStreamService, ReplyRegistry } from "./services/reply-stream.service";
import { createConversationService } from "./services/conversation.service";
import { createLiveConversationService } from "./services/live-conversation.service";
import { createStaffAuthService } from "./services/staff-auth.service";
import type { KnowledgeBase } from "./services/knowledge-index";
import type { StoreProfileService } from "./services/store-profile.service";
import { createHealthCheck } from "./services/health.service";
import { createInsightsService } from "./services/insights.service";
import { createOrderLookupGuard, orderToolsPerTurn } from "./services/order-lookup-guard";
import { createShopperIdentityService } from "./services/shopper-identity.service";
import { createVisitorService } from "./services/visitor.service";

/**
 * Chat turns started in one pass of the event loop; the rest wait for the next pass, after the
 * other requests that arrived meanwhile (decision 026; bench/README.md, "Turn pacing").
 */
const TURNS_PER_LOOP_PASS = 4;

export interface AppDeps {
  config: Config;
  database: OpenedDatabase;
  /** Undefined when REDIS_URL is not set: the database and this process's memory serve everything. */
  redis?: RedisConnection;
  responder: Responder;
  /** The retrieval index the responder was built with; the knowledge service fills and rebuilds it. */
  knowledge: LiveKnowledgeBase;
  /** The responder for another index (a draft under "Try it"); Mistral does not depend on it. */
  responderFor?: (knowledge: KnowledgeBase) => Responder;
  logger: Logger;
  clock?: () => Date;
  /** Every instance's events (over Redis when there is one); the composition root owns and closes it. */
  events: EventBus;
  /** The store's profile, held in memory and kept current by `events`. */
  store: StoreProfileService;
  /** The newest messages of each conversation (in Redis, or in memory without it); shared with retention. */
  messageCache: MessageCache;
}

export function createApp(deps: AppDeps) {
  const { config, database, redis, responder, knowledge, logger, events, store } = deps;
  const clock = deps.clock ?? (() => new Date());
  const { db } = database;

  const conversations = createConversationRepo(db);
  const messages = createMessageRepo(db);
  const { messageCache } = deps;
  const replyCache = redis ? createReplyCache(redis) : noReplyCache;
  const visitors = createVisitorService({ visitors: createVisitorRepo(db), clock });
  const staffAuth = createStaffAuthService({ staff: createStaffRepo(db), clock });
  const live = createLiveConversationService({
    conversations,
    staffConversations: createStaffConversationRepo(db),
    messages,
    messageCache,
    events,
    clock,
  });
  const streams = new LiveStreams(config.LIVE_KEEPALIVE_MS, async (sessionId) => Boolean(await staffAuth.authenticate(sessionId)));
  const orderLookups = createOrderLookupGuard({ failuresPerHour: config.ORDER_LOOKUP_FAILURES_PER_HOUR, redis, logger });
  const chat = createChatService({
    visitors,
    conversations,
    messages,
    events,
    store,
    handoff: (conversationId, actor, reason, note) => live.handoff(conversationId, actor, reason, note),
    messageCache,
    replyCache,
    knowledge,
    responder,
    shoppers: createShopperIdentityService({ secret: config.IDENTITY_SECRET, clock, logger }),
    tools: orderToolsPerTurn({ orders: createOrderRepo(db), clock, guard: orderLookups, returnsUrl: () => store.facts().returnsUrl }),
    clock,
    logger,
    replyMetrics: createReplyMetricsRepo(db),
  });
  const knowledgeService = createKnowledgeService({
    repo: createKnowledgeRepo(db),
    live: knowledge,
    events,
    clock,
    logger,
    async preview(question, index) {
      const answering = index === knowledge ? responder : (deps.responderFor?.(index) ?? responder);
      return { ...(await previewReply({ responder: answering, store, knowledge: index, question })), responder: answering.name };
    },
    facts: () => store.facts(),
  });
  // The articles name the store's facts ({{store.supportEmail}}, ...): a newer profile fills them anew.
  store.onChange(() => knowledgeService.refresh());
  const registry = new ReplyRegistry();
  const replies = createReplyStreamService({
    chat,
    events,
    conversations,
    local: createMemoryReplyStreamStore(),
    shared: redis ? createRedisReplyStreamStore(redis) : undefined,
    registry,
    leaseMs: config.REPLY_LEASE_MS,
    sweepMs: config.REPLY_SWEEP_MS,
    logger,
  });

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.TRUST_PROXY);
  app.use(requestContext(logger));
  app.use(helmet());
  const corsFor = (credentials: boolean): cors.CorsOptions => ({
    origin: true,
    credentials,
    exposedHeaders: ["X-Visitor-Token", "X-Request-Id", "Retry-After", "RateLimit", "RateLimit-Policy"],
    maxAge: 600,
  });
  app.use(
    cors((req, callback) => {
      const origin = req.headers.origin ?? "";
      // The web app: staff requests carry the session cookie across the web app's and the API's origins.
      if (config.CORS_ORIGIN.includes(origin)) return callback(null, corsFor(true));
      // The store sites that embed the chat: shopper requests with a bearer token, never the cookie.
      if (config.WIDGET_ALLOWED_ORIGINS.includes(origin)) return callback(null, corsFor(false));
      callback(null, { origin: false });
    }),
  );
  const requestLimit = rateLimitPerMinute("requests", config.RATE_LIMIT_REQUESTS_PER_MINUTE, redis, "ip");
  // The help center is public content that the web app's server fetches for every reader, all
  // from one address: it is not counted against that address.
  app.use((req, res, next) => (req.path.startsWith("/api/help") ? next() : requestLimit(req, res, next)));
  app.use(express.json({ limit: BODY_MAX_BYTES }));
  app.use("/api", privateResponses);
  app.use(
    "/api",
    apiRoutes({
      chat: createChatController(chat, replies),
      conversations: createConversationController(
        createConversationService({ conversations, messages, messageCache, replyCache }),
      ),
      help: createHelpController(knowledge),
      knowledge: createKnowledgeController(knowledgeService),
      insights: createInsightsController(
        createInsightsService({
          repo: createInsightsRepo(db),
          timeZone: () => store.settings().profile.timeZone,
          knowledge,
          prices: { inputPerMillion: config.MODEL_PRICE_INPUT_PER_MILLION, outputPerMillion: config.MODEL_PRICE_OUTPUT_PER_MILLION },
          clock,
        }),
      ),
      health: createHealthController(createHealthCheck({ database, redis, responder })),
      live: createLiveController({ events, live, streams }),
      staff: createStaffController(staffAuth, live, store),
      store: createStoreController(store),
      staffRequired: authenticateStaff(staffAuth),
      staffOrigin: checkOrigin(config.CORS_ORIGIN),
      loginLimits: loginLimits(redis),
      visitorOptional: authenticate(visitors, "optional"),
      visitorRequired: authenticate(visitors, "required"),
      chatLimit: chatLimits(config, redis),
      turnPacing: turnPacing(TURNS_PER_LOOP_PASS),
    }),
  );
  app.use(notFoundRoute);
  app.use(errorHandler(logger));

  return {
    app,
    /** Resolves once the knowledge articles are read into the retrieval index (before serving). */
    ready: knowledgeService.start(),
    /** Stops open replies (storing what they have) — the server closes the rest. */
    stopReplies: () => registry.stopAll(),
    /** Whether any staff account exists (the server says how to create the first one). */
    hasStaff: async () => (await staffAuth.listStaff()).length > 0,
    /** Stops open replies, then releases what the app itself holds (live channels, subscriptions, timers). */
    close: async () => {
      await registry.stopAll();
      replies.close();
      streams.endAll();
      chat.close();
      knowledgeService.close();
    },
  };
}
