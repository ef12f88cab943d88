import type { Cache } from '../application/ports.js';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * @fastify/rate-limit store over the service's cache: counters live in Redis (shared by replicas)
 * and fall back to this process while Redis is down.
 */
export function cacheRateLimitStore(cache: Cache) {
  return class CacheStore {
    incr(key: string, callback: Callback, timeWindowMs: number): void {
      cache
        .increment(`rate:${key}`, Math.max(1, Math.ceil(timeWindowMs / 1000)))
        .then(({ count, ttlSeconds }) => callback(null, { current: count, ttl: ttlSeconds * 1000 }))
        .catch((error: Error) => callback(error));
    }

    child(): CacheStore {
      return new CacheStore();
    }
  };
}
