// The reply stream store's contract, run against both implementations (Redis and memory): the
// service on top must not be able to tell them apart.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createLogger } from "../src/logger";
import { connectRedis } from "../src/redis/client";
import { createMemoryReplyStreamStore } from "../src/redis/memory-reply-stream-store";
import { createRedisReplyStreamStore, type ReplyStreamStore } from "../src/redis/reply-stream-store";
import { REDIS_URL, waitFor } from "./support/test-app";

const redis = await connectRedis(REDIS_URL, createLogger("silent"), `store-${randomUUID().slice(0, 8)}:`);
afterAll(() => redis.close());

const stores: [string, () => Promise<ReplyStreamStore>][] = [
  ["memory", async () => createMemoryReplyStreamStore()],
  [
    "redis",
    async () => {
      await waitFor(() => redis.isReady());
      return createRedisReplyStreamStore(redis);
    },
  ],
];

describe.each(stores)("reply stream store (%s)", (_name, create) => {
  const entry = (id: string, replyId: string, data = id) => ({ id, replyId, data });

  it("keeps entries in order, reads after an id, refuses ids that are not above the last, and starts afresh", async () => {
    const store = await create();
    const conversation = randomUUID();
    const reply = randomUUID();
    await store.begin(conversation, entry("100-0", reply), Date.now() + 10_000);
    await store.append(conversation, entry("100-1", reply));
    await store.append(conversation, entry("100-2", reply));
    await store.append(conversation, entry("100-1", reply, "late"));
    expect((await store.read(conversation))!.map((e) => e.id)).toEqual(["100-0", "100-1", "100-2"]);
    expect((await store.read(conversation, "100-0"))!.map((e) => e.data)).toEqual(["100-1", "100-2"]);
    expect(await store.read(conversation, "100-2")).toEqual([]);

    const next = randomUUID();
    await store.begin(conversation, entry("200-0", next), Date.now() + 10_000);
    await store.append(conversation, entry("100-3", reply));
    expect(await store.read(conversation)).toEqual([entry("200-0", next)]);
    expect(await store.read(randomUUID())).toEqual([]);
  });

  it("gives an expired lease to one claimer; the writer then can neither renew nor release it", async () => {
    const store = await create();
    const running = { conversationId: randomUUID(), replyId: randomUUID() };
    const alive = { conversationId: randomUUID(), replyId: randomUUID() };
    const now = Date.now();
    await store.begin(running.conversationId, entry("1-0", running.replyId), now - 1);
    await store.begin(alive.conversationId, entry("1-0", alive.replyId), now + 60_000);
    expect(await store.renewLease(alive, now + 60_000)).toBe(true);

    const [first, second] = await Promise.all([store.claimExpired(now), store.claimExpired(now)]);
    const claims = [...first!, ...second!].filter((r) => r.replyId === running.replyId || r.replyId === alive.replyId);
    expect(claims).toEqual([running]);
    expect(await store.renewLease(running, now + 60_000)).toBe(false);
    expect(await store.releaseLease(running)).toBe(false);

    expect(await store.releaseLease(alive)).toBe(true);
    expect((await store.claimExpired(now + 120_000)).some((r) => r.replyId === alive.replyId)).toBe(false);
  });

  it("takes a lease that went missing (Redis restarted empty) again on renewal", async () => {
    const store = await create();
    const reply = { conversationId: randomUUID(), replyId: randomUUID() };
    expect(await store.renewLease(reply, Date.now() + 10_000)).toBe(true);
    expect(await store.releaseLease(reply)).toBe(true);
  });
});
