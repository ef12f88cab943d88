import type { MarketDataCheck } from './market-data/status.js';
import type { Cache, DatabaseProbe } from './ports.js';

export interface DependencyCheck {
  status: 'ok' | 'unavailable';
  latency_ms: number | null;
}

export interface HealthReport {
  status: 'ok' | 'degraded' | 'unavailable';
  checks: { database: DependencyCheck; cache: DependencyCheck; market_data: MarketDataCheck };
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

const MARKET_DATA_UNKNOWN: MarketDataCheck = {
  status: 'degraded',
  last_run_at: null,
  message: 'The last market-data refresh could not be read',
};

/**
 * The database is required (unavailable without it); the cache is optional (degraded without it). The market-data
 * check is reported only: the provider's failures never change the overall status.
 */
export async function checkHealth(
  database: DatabaseProbe,
  cache: Cache,
  marketData: () => Promise<MarketDataCheck>,
): Promise<HealthReport> {
  const [db, c, market] = await Promise.all([
    check(() => database.ping()),
    check(() => cache.ping()),
    marketData().catch(() => MARKET_DATA_UNKNOWN),
  ]);
  const status = db.status !== 'ok' ? 'unavailable' : c.status !== 'ok' ? 'degraded' : 'ok';
  return { status, checks: { database: db, cache: c, market_data: market } };
}
