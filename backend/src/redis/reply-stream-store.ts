// A reply in progress, as a stream anyone can follow: {prefix}reply:{conversationId} is a Redis
// stream of the reply's events, written by the instance that calls the model, capped (MAXLEN ~)
// and expiring a few minutes after its last write. Entry ids are given by the writer,
// `{epoch}-{seq}`: the epoch is the reply's start time, seq counts its events from 0 (the start).
// So the in-memory store gives the same ids, and an id from an older reply is told apart.
// {prefix}replies:running is a sorted set of the replies being generated ("{conversationId}:{replyId}")
// scored by when their lease runs out; the writer renews it, and whoever removes the member owns
// storing that reply: the writer when it finishes, or a sweeper when the lease ran out (it died).
import type { RedisConnection } from "./client";

/** What one stream entry holds; the service gives it meaning, the store keeps it as text. */
export interface ReplyStreamEntry {
  id: string;
  replyId: string;
  data: string;
}

export interface RunningReply {
  conversationId: string;
  replyId: string;
}

export interface ReplyStreamStore {
  /** Starts the conversation's stream afresh with the reply's first entry (and takes its lease, when given). */
  begin(conversationId: string, first: ReplyStreamEntry, leaseUntil?: number): Promise<void>;
  /** Appends in order; an id not above the stream's last one is refused (a superseded reply). */
  append(conversationId: string, entry: ReplyStreamEntry): Promise<void>;
  /** Entries after `afterId` (all without it); undefined when the store cannot be read. */
  read(conversationId: string, afterId?: string): Promise<ReplyStreamEntry[] | undefined>;
  /** true: still ours (taken again if it went missing); false: it ran out and was claimed; undefined: no answer. */
  renewLease(reply: RunningReply, until: number): Promise<boolean | undefined>;
  /** The writer gives the lease up to store the reply: false when a sweeper claimed it first. */
  releaseLease(reply: RunningReply): Promise<boolean | undefined>;
  /** Claims leases that ran out before `now`: each one is returned to exactly one caller. */
  claimExpired(now: number): Promise<RunningReply[]>;
}

/** A stream lives this long after its last write: long enough for a reload, short for memory. */
export const REPLY_STREAM_TTL_SECONDS = 5 * 60;
/** A 300-token reply is a few hundred entries; the cap only guards against a runaway writer. */
export const REPLY_STREAM_MAX_ENTRIES = 5_000;
const CLAIM_BATCH = 50;

// The lease's three moves, each one script so none interleaves with another instance's. A claimed
// reply is marked ({prefix}reply-claimed:{replyId}) so its writer, if it was only slow, learns it
// lost it; a lease missing for any other reason (Redis restarted empty) is simply taken again.
const RENEW_SCRIPT = `
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
return 1`;
const RELEASE_SCRIPT = `
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
redis.call('ZREM', KEYS[1], ARGV[1])
return 1`;
const CLAIM_SCRIPT = `
local lease = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not lease or tonumber(lease) > tonumber(ARGV[2]) then return 0 end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('SET', KEYS[2], '1', 'EX', ARGV[3])
return 1`;

export const replyStreamKey = (conversationId: string) => `reply:${conversationId}`;
export const runningRepliesKey = "replies:running";
const claimedKey = (replyId: string) => `reply-claimed:${replyId}`;
const memberOf = (reply: RunningReply) => `${reply.conversationId}:${reply.replyId}`;
const replyOf = (member: string): RunningReply | undefined => {
  const [conversationId, replyId] = member.split(":");
  return conversationId && replyId ? { conversationId, replyId } : undefined;
};

/** Orders `{ms}-{seq}` ids as Redis does. */
export function compareEntryIds(a: string, b: string): number {
  const [aMs = 0, aSeq = 0] = a.split("-").map(Number);
  const [bMs = 0, bSeq = 0] = b.split("-").map(Number);
  return aMs - bMs || aSeq - bSeq;
}

/** Keys are named through `redis.key`, so they carry the deployment's REDIS_PREFIX. */
export function createRedisReplyStreamStore(redis: RedisConnection): ReplyStreamStore {
  const running = redis.key(runningRepliesKey);
  const fields = (entry: ReplyStreamEntry) => ({ r: entry.replyId, d: entry.data });
  return {
    async begin(conversationId, first, leaseUntil) {
      const key = redis.key(replyStreamKey(conversationId));
      await redis.attempt("reply-stream.begin", (c) => {
        const started = c.multi().del(key).xAdd(key, first.id, fields(first)).expire(key, REPLY_STREAM_TTL_SECONDS);
        if (leaseUntil !== undefined) started.zAdd(running, { score: leaseUntil, value: memberOf({ conversationId, replyId: first.replyId }) });
        return started.exec();
      });
    },

    async append(conversationId, entry) {
      const key = redis.key(replyStreamKey(conversationId));
      // Not a MULTI: an XADD refused for its id must not fail the EXPIRE of a reply that goes on.
      await redis.attempt("reply-stream.append", (c) =>
        Promise.all([
          c.xAdd(key, entry.id, fields(entry), { TRIM: { strategy: "MAXLEN", strategyModifier: "~", threshold: REPLY_STREAM_MAX_ENTRIES } }),
          c.expire(key, REPLY_STREAM_TTL_SECONDS),
        ]),
      );
    },

    async read(conversationId, afterId) {
      const entries = await redis.attempt("reply-stream.read", (c) =>
        c.xRange(redis.key(replyStreamKey(conversationId)), afterId ? `(${afterId}` : "-", "+"),
      );
      return entries?.map(({ id, message }) => ({ id, replyId: String(message.r), data: String(message.d) }));
    },

    async renewLease(reply, until) {
      const held = await redis.attempt("reply-stream.renew", (c) =>
        c.eval(RENEW_SCRIPT, { keys: [running, redis.key(claimedKey(reply.replyId))], arguments: [String(until), memberOf(reply)] }),
      );
      return held === undefined ? undefined : held === 1;
    },

    async releaseLease(reply) {
      const released = await redis.attempt("reply-stream.release", (c) =>
        c.eval(RELEASE_SCRIPT, { keys: [running, redis.key(claimedKey(reply.replyId))], arguments: [memberOf(reply)] }),
      );
      return released === undefined ? undefined : released === 1;
    },

    async claimExpired(now) {
      const expired = await redis.attempt("reply-stream.expired", (c) =>
        c.zRangeByScore(running, "-inf", now, { LIMIT: { offset: 0, count: CLAIM_BATCH } }),
      );
      const claimed: RunningReply[] = [];
      for (const member of expired ?? []) {
        const reply = replyOf(String(member));
        if (!reply) continue;
        // Every instance sweeps; the script answers 1 to one of them only.
        const won = await redis.attempt("reply-stream.claim", (c) =>
          c.eval(CLAIM_SCRIPT, {
            keys: [running, redis.key(claimedKey(reply.replyId))],
            arguments: [memberOf(reply), String(now), String(REPLY_STREAM_TTL_SECONDS)],
          }),
        );
        if (won === 1) claimed.push(reply);
      }
      return claimed;
    },
  };
}
