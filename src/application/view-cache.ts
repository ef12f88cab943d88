import type { Cache } from './ports.js';

const TTL_SECONDS = 600;

/**
 * Computed read models (holdings, analytics) as JSON text, cached under the household's data version: every
 * write that changes them bumps the version in its own transaction, so a stale entry is never read again, on
 * any replica. Concurrent misses of one key share one computation.
 */
export interface ViewCache {
  get(householdId: string, version: number, key: string, compute: () => Promise<unknown>): Promise<string>;
}

export function viewCache(cache: Cache): ViewCache {
  const inflight = new Map<string, Promise<string>>();
  return {
    async get(householdId, version, key, compute) {
      const cacheKey = `view:${householdId}:${version}:${key}`;
      const hit = await cache.get(cacheKey);
      if (hit !== null) return hit;
      const running = inflight.get(cacheKey);
      if (running !== undefined) return running;
      const job = (async () => {
        const text = JSON.stringify(await compute());
        await cache.set(cacheKey, text, TTL_SECONDS);
        return text;
      })();
      inflight.set(cacheKey, job);
      try {
        return await job;
      } finally {
        inflight.delete(cacheKey);
      }
    },
  };
}
