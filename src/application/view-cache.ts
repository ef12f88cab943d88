import { type AppMetrics, noMetrics } from './metrics.js';
import type { Cache } from './ports.js';

const TTL_SECONDS = 600;
const LOCAL_ENTRIES = 64;

/**
 * Computed read models (holdings, analytics, cash flows) as encoded JSON, cached under a version of the
 * household's data (see holdings.ts): every write that changes them bumps it in its own transaction, so a stale
 * entry is never read again, on any replica. Concurrent misses of one key share one computation.
 */
export interface ViewCache {
  /** `compute` answers the view encoded as JSON (it is encoded where it is computed, off the event loop). */
  get(householdId: string, version: string, key: string, compute: () => Promise<string>): Promise<Buffer>;
}

export function viewCache(cache: Cache, metrics: Pick<AppMetrics, 'viewCache'> = noMetrics): ViewCache {
  const inflight = new Map<string, Promise<Buffer>>();
  // A small in-process layer in front of the shared cache: a key names one version of a view, so a local
  // copy can never be stale. Kept encoded, large views are neither fetched from Redis nor re-encoded for
  // every response.
  const local = new Map<string, Buffer>();
  const remember = (key: string, view: Buffer): Buffer => {
    local.delete(key);
    local.set(key, view);
    if (local.size > LOCAL_ENTRIES) local.delete(local.keys().next().value as string);
    return view;
  };
  return {
    async get(householdId, version, key, compute) {
      const cacheKey = `view:${householdId}:${version}:${key}`;
      const near = local.get(cacheKey);
      if (near !== undefined) {
        metrics.viewCache('hit');
        return remember(cacheKey, near);
      }
      const shared = await cache.get(cacheKey);
      if (shared !== null) {
        metrics.viewCache('hit');
        return remember(cacheKey, Buffer.from(shared));
      }
      // A read that joins a computation already running is a miss too: the view was not cached.
      metrics.viewCache('miss');
      const running = inflight.get(cacheKey);
      if (running !== undefined) return running;
      const job = (async () => {
        const text = await compute();
        await cache.set(cacheKey, text, TTL_SECONDS);
        return remember(cacheKey, Buffer.from(text));
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
