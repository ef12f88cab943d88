import type { AppContext } from '../context.js';
import type { HouseholdRun } from '../ports.js';
import type { Principal } from '../principal.js';

export interface MarketDataStatus {
  provider: 'none' | 'yahoo' | 'twelvedata' | 'alphavantage';
  schedule: string;
  nextRunAt: Date | null;
  /** The latest run that covered the caller's household, counting only its stocks and exchange rates. */
  lastRun: {
    id: string;
    startedAt: Date;
    finishedAt: Date | null;
    stocks: number;
    pricesStored: number;
    ratesStored: number;
    /** The failed stocks by their own symbols, then the failed exchange rates as `EUR/USD`. */
    errors: Array<{ symbol: string; message: string }>;
  } | null;
}

function householdView(run: HouseholdRun): NonNullable<MarketDataStatus['lastRun']> {
  return {
    id: run.id,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    stocks: run.stocks.length,
    pricesStored: run.stocks.reduce((n, s) => n + s.pricesStored, 0),
    ratesStored: run.rates.reduce((n, r) => n + r.ratesStored, 0),
    errors: [
      ...run.stocks.flatMap((s) => (s.error === null ? [] : [{ symbol: s.symbol, message: s.error }])),
      ...run.rates.flatMap((r) => (r.error === null ? [] : [{ symbol: `${r.base}/${r.quote}`, message: r.error }])),
    ],
  };
}

/** GET /market-data/status: any role may read it; another household's stocks never appear. */
export async function getMarketDataStatus(ctx: AppContext, caller: Principal): Promise<MarketDataStatus> {
  const run = await ctx.repos.marketData.getLatestForHousehold(caller.householdId);
  return {
    provider: ctx.marketData.provider?.name ?? 'none',
    schedule: ctx.marketData.schedule,
    nextRunAt: ctx.marketData.nextRunAt(),
    lastRun: run === null ? null : householdView(run),
  };
}

export interface MarketDataCheck {
  status: 'ok' | 'degraded' | 'disabled';
  last_run_at: string | null;
  message: string;
}

const LISTED_SYMBOLS = 10;

/** "2 of 5 stocks failed: A, B" with at most LISTED_SYMBOLS names. */
function failures(failed: number, of: number, what: string, names: readonly string[]): string {
  const shown = names.slice(0, LISTED_SYMBOLS).join(', ');
  const more = names.length > LISTED_SYMBOLS ? ` and ${names.length - LISTED_SYMBOLS} more` : '';
  return `${failed} of ${of} ${what} failed: ${shown}${more}`;
}

/** The market-data part of /health: how the last finished run went, over every household. */
async function checkMarketData(ctx: AppContext): Promise<MarketDataCheck> {
  if (ctx.marketData.provider === null)
    return { status: 'disabled', last_run_at: null, message: 'No provider configured: prices are entered by hand' };
  const run = await ctx.repos.marketData.getLastFinished();
  if (run === null) return { status: 'ok', last_run_at: null, message: 'No refresh has run yet' };
  const at = run.startedAt.toISOString();
  if (run.failed === 0 && run.failedRates === 0) {
    const rates = run.rates === 0 ? '' : ` and ${run.rates} of ${run.rates} exchange rates`;
    return { status: 'ok', last_run_at: at, message: `${run.stocks} of ${run.stocks} stocks${rates} refreshed` };
  }
  const parts = [
    ...(run.failed === 0 ? [] : [failures(run.failed, run.stocks, 'stocks', run.failedSymbols)]),
    ...(run.failedRates === 0 ? [] : [failures(run.failedRates, run.rates, 'exchange rates', run.failedPairs)]),
  ];
  const abandoned = run.status === 'abandoned' ? ' (the run was abandoned: its replica stopped)' : '';
  return { status: 'degraded', last_run_at: at, message: `${parts.join('; ')}${abandoned}` };
}

const HEALTH_CACHE_MS = 2000;
const HEALTH_TIMEOUT_MS = 1000;

/**
 * checkMarketData, read at most every few seconds per process and never waiting long: /health is probed often and
 * must stay fast. A read that fails keeps the last known answer.
 */
export function cachedMarketDataCheck(ctx: AppContext): () => Promise<MarketDataCheck> {
  let last: { at: number; check: MarketDataCheck } | undefined;
  let pending: Promise<MarketDataCheck> | undefined;
  return async () => {
    if (last !== undefined && Date.now() - last.at < HEALTH_CACHE_MS) return last.check;
    pending ??= checkMarketData(ctx)
      .then((check) => {
        last = { at: Date.now(), check };
        return check;
      })
      .finally(() => {
        pending = undefined;
      });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), HEALTH_TIMEOUT_MS);
    });
    try {
      return await Promise.race([pending, timeout]);
    } catch (error) {
      if (last !== undefined) return last.check;
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
}
