// Events across API instances over Redis pub/sub. Each instance delivers its own events at once
// (so they reach local listeners even while Redis is down) and ignores their echo; events from
// other instances arrive through a dedicated subscriber connection. Redis keeps nothing: a client
// that missed events while disconnected re-reads the database when it reconnects.
import { randomUUID } from "node:crypto";
import type { Logger } from "../logger";
import type { RedisConnection } from "../redis/client";
import { LocalListeners, type DomainEvent, type EventBus } from "./live-events";

interface Envelope {
  origin: string;
  event: DomainEvent;
}

export function createRedisEventBus(redis: RedisConnection, channel: string, logger: Logger): EventBus {
  const origin = randomUUID();
  const local = new LocalListeners();
  // A connection in subscriber mode can do nothing else, so it gets its own client.
  const subscriber = redis.client.duplicate();
  subscriber.on("error", () => {
    // The main client's listener reports Redis being down; this one reconnects on its own.
  });
  const onMessage = (raw: string) => {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(raw) as Envelope;
    } catch {
      return;
    }
    if (envelope.origin !== origin && envelope.event?.type) local.deliver(envelope.event);
  };
  // Subscribes on the first ready connection, also when Redis was down at start; node-redis
  // renews the subscription itself on later reconnects.
  let subscribed = false;
  let connectedBefore = false;
  subscriber.on("ready", () => {
    // Events published elsewhere while the link was down never arrive: open screens re-read.
    if (connectedBefore) local.deliver({ type: "resync" });
    connectedBefore = true;
    if (subscribed) return;
    subscribed = true;
    subscriber.subscribe(channel, onMessage).catch((error: Error) => {
      subscribed = false;
      logger.warn({ err: error.message }, "live events: redis subscribe failed; events stay on this instance");
    });
  });
  subscriber.connect().catch(() => {
    // Reconnects on its own (the main client's strategy); events stay local meanwhile.
  });

  return {
    publish(event) {
      local.deliver(event);
      const message = JSON.stringify({ origin, event } satisfies Envelope);
      void redis.attempt("events.publish", (client) => client.publish(channel, message));
    },
    subscribe: (listener) => local.add(listener),
    async close() {
      if (subscriber.isOpen) await subscriber.close().catch(() => subscriber.destroy());
      else subscriber.destroy();
    },
  };
}
