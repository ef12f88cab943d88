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

const LOCAL_ENTRIES = 64;

export function viewCache(cache: Cache): ViewCache {
  const inflight = new Map<string, Promise<string>>();
  // A small in-process layer in front of the shared cache: a key names one version of a view, so a local
  // copy can never be stale, and large views are not fetched from Redis on every request.
  const local = new Map<string, string>();
  const remember = (key: string, text: string) => {
    local.delete(key);
    local.set(key, text);
    if (local.size > LOCAL_ENTRIES) local.delete(local.keys().next().value as string);
  };
  return {
    async get(householdId, version, key, compute) {
      const cacheKey = `view:${householdId}:${version}:${key}`;
      const near = local.get(cacheKey);
      if (near !== undefined) {
        remember(cacheKey, near);
        return near;
      }
      const hit = await cache.get(cacheKey);
      if (hit !== null) {
        remember(cacheKey, hit);
        return hit;
      }
      const running = inflight.get(cacheKey);
      if (running !== undefined) return running;
      const job = (async () => {
        const text = JSON.stringify(await compute());
        await cache.set(cacheKey, text, TTL_SECONDS);
        remember(cacheKey, text);
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
