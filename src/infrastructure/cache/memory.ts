import type { Cache } from '../../application/ports.js';

interface Entry {
  value: string;
  expiresAt: number;
}

/** The in-process cache: used when no REDIS_URL is set, and as the fallback while Redis is down. */
export function memoryCache(now: () => number = Date.now): Cache {
  const entries = new Map<string, Entry>();

  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry !== undefined && entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  const secondsLeft = (entry: Entry) => Math.max(1, Math.ceil((entry.expiresAt - now()) / 1000));

  // Expired entries of keys that are never read again are swept now and then, so memory stays bounded.
  const sweeper = setInterval(() => {
    const t = now();
    for (const [key, entry] of entries) if (entry.expiresAt <= t) entries.delete(key);
  }, 60_000);
  sweeper.unref();

  const get = async (key: string) => live(key)?.value ?? null;

  return {
    kind: 'memory',
    get,
    // One process: every read is already near, and every delete is seen at once.
    getNear: get,
    async set(key, value, ttlSeconds) {
      entries.set(key, { value, expiresAt: now() + ttlSeconds * 1000 });
    },
    async delete(...keys) {
      for (const key of keys) entries.delete(key);
    },
    async increment(key, windowSeconds) {
      const entry = live(key);
      if (entry === undefined) {
        entries.set(key, { value: '1', expiresAt: now() + windowSeconds * 1000 });
        return { count: 1, ttlSeconds: windowSeconds };
      }
      entry.value = String(Number(entry.value) + 1);
      return { count: Number(entry.value), ttlSeconds: secondsLeft(entry) };
    },
    async peekCounter(key) {
      const entry = live(key);
      return entry === undefined
        ? { count: 0, ttlSeconds: 0 }
        : { count: Number(entry.value), ttlSeconds: secondsLeft(entry) };
    },
    async ping() {
      return 0;
    },
    async close() {
      clearInterval(sweeper);
      entries.clear();
    },
  };
}
