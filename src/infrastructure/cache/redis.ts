import { Redis } from 'ioredis';
import type { Cache } from '../../application/ports.js';
import { memoryCache } from './memory.js';

export interface RedisCacheOptions {
  url: string;
  keyPrefix?: string;
  onError?: (error: Error) => void;
}

/**
 * Redis shared by every replica. While Redis is unreachable the service keeps serving: reads miss
 * (the database answers), writes are dropped, and counters (rate limits) fall back to this process.
 */
export function redisCache(options: RedisCacheOptions): Cache {
  const fallback = memoryCache();
  const redis = new Redis(options.url, {
    keyPrefix: options.keyPrefix ?? 'stockbook:',
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
    set: (key, value, ttlSeconds) =>
      orFallback(
        async () => {
          await redis.set(key, value, 'EX', ttlSeconds);
        },
        async () => {},
      ),
    delete: (...keys) =>
      orFallback(
        async () => {
          if (keys.length > 0) await redis.del(...keys);
        },
        async () => {},
      ),
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
      await fallback.close();
      redis.disconnect();
    },
  };
}
