import type { Cache, DatabaseProbe } from './ports.js';

export interface DependencyCheck {
  status: 'ok' | 'unavailable';
  latency_ms: number | null;
}

export interface HealthReport {
  status: 'ok' | 'degraded' | 'unavailable';
  checks: { database: DependencyCheck; cache: DependencyCheck };
}

const TIMEOUT_MS = 2000;

async function check(ping: () => Promise<number>): Promise<DependencyCheck> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS);
    });
    const latency = await Promise.race([ping(), timeout]);
    return { status: 'ok', latency_ms: Math.round(latency * 100) / 100 };
  } catch {
    return { status: 'unavailable', latency_ms: null };
  } finally {
    clearTimeout(timer);
  }
}

/** The database is required (unavailable without it); the cache is optional (degraded without it). */
export async function checkHealth(database: DatabaseProbe, cache: Cache): Promise<HealthReport> {
  const [db, c] = await Promise.all([check(() => database.ping()), check(() => cache.ping())]);
  const status = db.status !== 'ok' ? 'unavailable' : c.status !== 'ok' ? 'degraded' : 'ok';
  return { status, checks: { database: db, cache: c } };
}
