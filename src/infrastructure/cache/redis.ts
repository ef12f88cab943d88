import { Redis } from 'ioredis';
import type { Cache } from '../../application/ports.js';
import { memoryCache } from './memory.js';

/** The near copy's bounds: memory stays bounded, and a value is never older than this. */
const NEAR_MAX_ENTRIES = 10_000;
const NEAR_MAX_MS = 30_000;
/** How often the subscriber proves it is alive, and how long one proof lets the near copy be trusted. */
const HEARTBEAT_MS = 1000;
const LEASE_MS = 3000;

export interface RedisCacheOptions {
  url: string;
  keyPrefix?: string;
  onError?: (error: Error) => void;
}

/**
 * Redis shared by every replica. While Redis is unreachable the service keeps serving: reads miss
 * (the database answers), writes are dropped, and counters (rate limits) fall back to this process.
 *
 * `getNear` keeps a copy in this process. Every `delete` is published on `<prefix>invalidate`, which every
 * replica follows on a second connection; the copy is trusted only while that subscription is provably live
 * (confirmed, and answering a PING within the lease), and is dropped whenever the subscriber connection
 * drops, because what was published meanwhile is lost.
 */
export function redisCache(options: RedisCacheOptions): Cache {
  const fallback = memoryCache();
  const keyPrefix = options.keyPrefix ?? 'stockbook:';
  const channel = `${keyPrefix}invalidate`;
  const redis = new Redis(options.url, {
    keyPrefix,
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
    commandTimeout: 500,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  let lastErrorLog = 0;
  redis.on('error', (error: Error) => {
    // ioredis reports every failed reconnect; one line every 30 s is enough to see the outage.
    if (Date.now() - lastErrorLog > 30_000) {
      lastErrorLog = Date.now();
      options.onError?.(error);
    }
  });

  const ready = () => redis.status === 'ready';

  // ---- the near copy
  const near = new Map<string, { value: string; expiresAt: number }>();
  let subscribed = false;
  let provenAt = 0;
  // Bumped by every invalidation and every change of the subscription: a Redis answer that was in flight across
  // one may predate it (the message comes on another connection), so it is not kept.
  let generation = 0;
  const nearOn = () => subscribed && Date.now() - provenAt < LEASE_MS;
  const keep = (key: string, value: string, ttlMs: number) => {
    near.delete(key);
    near.set(key, { value, expiresAt: Date.now() + Math.min(ttlMs, NEAR_MAX_MS) });
    if (near.size > NEAR_MAX_ENTRIES) near.delete(near.keys().next().value as string);
  };
  const forget = (keys: string[]) => {
    generation++;
    for (const key of keys) near.delete(key);
  };
  const lost = () => {
    generation++;
    subscribed = false;
    near.clear();
  };

  // autoResubscribe is off so that `subscribed` is set only by a SUBSCRIBE confirmed on this very connection.
  const subscriber = redis.duplicate({ autoResubscribe: false });
  // Only a live connection that failed to answer is restarted; a lost one is already reconnecting.
  const restart = () => {
    if (subscriber.status === 'ready') subscriber.disconnect(true);
  };
  subscriber.on('ready', () => {
    subscriber.subscribe(channel).then(() => {
      if (subscriber.status !== 'ready') return;
      generation++;
      subscribed = true;
      provenAt = Date.now();
    }, restart);
  });
  for (const event of ['close', 'end', 'reconnecting']) subscriber.on(event, lost);
  // Whatever went wrong, the subscription is no longer known to be whole: start again from an empty copy.
  subscriber.on('error', () => {
    lost();
    restart();
  });
  subscriber.on('message', (from: string, message: string) => {
    if (from !== channel) return;
    try {
      forget(JSON.parse(message) as string[]);
    } catch {
      lost();
    }
  });
  // A connection that died silently (a host gone, no FIN) reports nothing for minutes. A PONG proves that every
  // message published before its PING has arrived, so the copy is trusted for a lease after each PING answered.
  const heartbeat = setInterval(() => {
    if (!subscribed) return;
    const sentAt = Date.now();
    subscriber.ping().then(() => {
      provenAt = sentAt;
    }, restart);
  }, HEARTBEAT_MS);
  heartbeat.unref();

  async function orFallback<T>(work: () => Promise<T>, otherwise: () => Promise<T>): Promise<T> {
    if (!ready()) return otherwise();
    try {
      return await work();
    } catch {
      return otherwise();
    }
  }

  return {
    kind: 'redis',
    get: (key) =>
      orFallback(
        () => redis.get(key),
        async () => null,
      ),
    async getNear(key) {
      const held = near.get(key);
      if (held !== undefined && held.expiresAt > Date.now() && nearOn()) return held.value;
      const asked = generation;
      return orFallback(
        async () => {
          const [[getError, value], [, ttlMs]] = (await redis.pipeline().get(key).pttl(key).exec()) as [
            [Error | null, string | null],
            [Error | null, number],
          ];
          if (getError) throw getError;
          if (value !== null && ttlMs > 0 && asked === generation && nearOn()) keep(key, value, ttlMs);
          return value;
        },
        async () => null,
      );
    },
    set: (key, value, ttlSeconds) =>
      orFallback(
        async () => {
          const asked = generation;
          await redis.set(key, value, 'EX', ttlSeconds);
          // Only keys read through getNear are copied here: the large views written by others stay in Redis only.
          if (near.has(key) && asked === generation) keep(key, value, ttlSeconds * 1000);
        },
        async () => {},
      ),
    async delete(...keys) {
      if (keys.length === 0) return;
      forget(keys);
      await orFallback(
        async () => {
          await redis
            .multi()
            .del(...keys)
            .publish(channel, JSON.stringify(keys))
            .exec();
        },
        async () => {},
      );
      // Again: a getNear answered between the first forget and the DEL may have kept the old value, and this
      // replica's own message may come only after the caller's next request.
      forget(keys);
    },
    increment: (key, windowSeconds) =>
      orFallback(
        async () => {
          const [[, count], [, ttl]] = (await redis
            .multi()
            .incr(key)
            .expire(key, windowSeconds, 'NX')
            .ttl(key)
            .exec()) as [[null, number], [null, number], [null, number]];
          return { count, ttlSeconds: ttl > 0 ? ttl : windowSeconds };
        },
        () => fallback.increment(key, windowSeconds),
      ),
    peekCounter: (key) =>
      orFallback(
        async () => {
          const [[, value], [, ttl]] = (await redis.multi().get(key).ttl(key).exec()) as [
            [null, string | null],
            [null, number],
          ];
          const local = await fallback.peekCounter(key);
          const count = Number(value ?? 0);
          return count >= local.count ? { count, ttlSeconds: Math.max(ttl, 0) } : local;
        },
        () => fallback.peekCounter(key),
      ),
    async ping() {
      const start = performance.now();
      await redis.ping();
      return performance.now() - start;
    },
    async close() {
      clearInterval(heartbeat);
      await fallback.close();
      subscriber.disconnect();
      redis.disconnect();
    },
  };
}
