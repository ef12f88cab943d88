import { setTimeout as sleep } from 'node:timers/promises';
import { Decimal } from '../../domain/decimal.js';
import { BusinessRuleError, ConflictError } from '../../domain/errors.js';
import { assertCanWrite } from '../../domain/household.js';
import { fetchStart } from '../../domain/market-data.js';
import type { Close } from '../../domain/portfolio/prices.js';
import type { AppContext } from '../context.js';
import type { NewMarketDataRun, RefreshCandidate, StockRefreshOutcome } from '../ports.js';
import { evaluateActiveTargets } from '../prices.js';
import type { Principal } from '../principal.js';
import type { DailyClose, FetchResult, MarketDataProvider } from './ports.js';

/** A replica writes a heartbeat this often while it runs; one silent for STALE_AFTER_SECONDS is taken to be dead. */
const HEARTBEAT_MS = 20_000;
const STALE_AFTER_SECONDS = 120;
const ABANDONED = 'Not fetched: the replica running this refresh stopped before reaching it';
const STOPPED = 'Not fetched: the refresh stopped on an unexpected error';
/** A scheduled slot that finds the previous slot's run unfinished waits for it this long before giving up. */
const BUSY_WAIT_MS = 15 * 60_000;
const BUSY_POLL_MS = 15_000;

export interface RunSummary {
  runId: string;
  stocks: number;
  pricesStored: number;
  failed: number;
}

export interface StartedRefresh {
  runId: string;
  /** Settles when the run has finished; the request that started it does not wait. */
  completion: Promise<RunSummary>;
}

function requireProvider(ctx: AppContext): MarketDataProvider {
  const provider = ctx.marketData.provider;
  if (provider === null)
    throw new BusinessRuleError(
      'No market-data provider is configured (MARKET_DATA_PROVIDER=none): prices are entered by hand',
    );
  return provider;
}

async function claim(ctx: AppContext, run: NewMarketDataRun) {
  await ctx.repos.marketData.abandonStale(STALE_AFTER_SECONDS, ABANDONED);
  return ctx.repos.marketData.claim(run);
}

/**
 * A refresh of the caller's household's stocks, now, in the background (POST /market-data/refresh). Refused while
 * the household's own manual run or a scheduled run (which covers every household) is unfinished; another
 * household's manual run neither blocks it nor shows.
 */
export async function requestRefresh(ctx: AppContext, caller: Principal): Promise<StartedRefresh> {
  assertCanWrite(caller.role);
  const provider = requireProvider(ctx);
  const run: NewMarketDataRun = {
    id: ctx.newId(),
    trigger: 'manual',
    scheduledFor: null,
    householdId: caller.householdId,
  };
  if ((await claim(ctx, run)) !== 'claimed')
    throw new ConflictError(
      "A market-data refresh of the household's stocks is already running; try again when it has finished",
    );
  return { runId: run.id, completion: executeRun(ctx, provider, run) };
}

/**
 * The refresh of one cron slot, for every household. Every replica calls it at the slot; the one that claims the
 * slot runs it and the others return null. Manual runs never hold it up (fetching a stock twice is harmless: each
 * stock is stored in its own unit of work and provider closes are upserted); a slot that finds the previous
 * slot's run unfinished waits for it (bounded), so that at most one scheduled run goes at a time.
 */
export async function runScheduledRefresh(ctx: AppContext, slot: Date): Promise<RunSummary | null> {
  const provider = ctx.marketData.provider;
  if (provider === null) return null;
  const run: NewMarketDataRun = { id: ctx.newId(), trigger: 'schedule', scheduledFor: slot, householdId: null };
  const giveUpAt = Date.now() + BUSY_WAIT_MS;
  for (;;) {
    const claimed = await claim(ctx, run);
    if (claimed === 'claimed') return executeRun(ctx, provider, run);
    if (claimed === 'slot_taken' || Date.now() >= giveUpAt) return null;
    await sleep(BUSY_POLL_MS);
  }
}

/** Candidates grouped by the provider's code: each code is fetched once per run, however many households hold it. */
function byProviderSymbol(provider: MarketDataProvider, candidates: RefreshCandidate[]) {
  const groups = new Map<string, RefreshCandidate[]>();
  for (const c of candidates) {
    const code = c.providerSymbol ?? provider.deriveSymbol(c.symbol);
    const group = groups.get(code);
    if (group === undefined) groups.set(code, [c]);
    else group.push(c);
  }
  return groups;
}

async function executeRun(ctx: AppContext, provider: MarketDataProvider, run: NewMarketDataRun): Promise<RunSummary> {
  const heartbeat = setInterval(() => {
    ctx.repos.marketData.heartbeat(run.id).catch(() => {});
  }, HEARTBEAT_MS);
  heartbeat.unref();
  const summary: RunSummary = { runId: run.id, stocks: 0, pricesStored: 0, failed: 0 };
  let pendingMessage = STOPPED;
  let done = 0;
  try {
    const candidates = await ctx.repos.marketData.getRefreshCandidates(run.householdId);
    await ctx.repos.marketData.addStocks(run.id, candidates);
    summary.stocks = candidates.length;
    const today = ctx.now().toISOString().slice(0, 10);
    for (const [code, group] of byProviderSymbol(provider, candidates)) {
      const starts = group.map((c) => fetchStart(c.latestProviderDate, today));
      const from = [...starts].sort()[0] as string;
      const result: FetchResult = from > today ? { ok: true, closes: [] } : await provider.fetchDailyCloses(code, from);
      if (!result.ok && result.failure.kind === 'daily_limit') {
        // Every further request would be refused as well: the rest of the run is not fetched.
        pendingMessage = `Not fetched: ${result.failure.message}`;
        summary.failed = summary.stocks - (done - summary.failed);
        break;
      }
      for (const [i, candidate] of group.entries()) {
        const outcome = result.ok
          ? await storeCloses(ctx, run.id, candidate, result.closes, starts[i] as string)
          : await recordFailure(ctx, run.id, candidate, result.failure.message);
        done += 1;
        summary.pricesStored += outcome.pricesStored;
        if (outcome.error !== null) summary.failed += 1;
      }
    }
  } finally {
    clearInterval(heartbeat);
    await ctx.repos.marketData.finish(run.id, pendingMessage);
  }
  return summary;
}

async function recordFailure(
  ctx: AppContext,
  runId: string,
  candidate: RefreshCandidate,
  message: string,
): Promise<StockRefreshOutcome> {
  const outcome = { stockId: candidate.stockId, pricesStored: 0, error: message };
  await ctx.repos.marketData.recordStock(runId, outcome);
  return outcome;
}

/**
 * Stores one stock's new closes and evaluates its active targets against those stored, in one unit of work with
 * the record of its outcome: a replica that dies mid-run leaves each stock fully updated or untouched.
 */
async function storeCloses(
  ctx: AppContext,
  runId: string,
  candidate: RefreshCandidate,
  closes: readonly DailyClose[],
  start: string,
): Promise<StockRefreshOutcome> {
  try {
    return await ctx.unitOfWork(async (repos) => {
      const { stockId, householdId } = candidate;
      const handEntered = new Set(await repos.prices.getManualDates(stockId, start));
      const fresh: Close[] = closes
        .filter((c) => c.date >= start && !handEntered.has(c.date))
        .map((c) => ({ date: c.date, close: new Decimal(c.close) }));
      const stored = await repos.prices.upsert(
        stockId,
        fresh.map((c) => ({ date: c.date, close: c.close.toFixed() })),
        'provider',
      );
      if (fresh.length > 0) {
        await evaluateActiveTargets(repos, householdId, stockId, fresh);
        await repos.households.bumpDataVersion(householdId);
      }
      const outcome = { stockId, pricesStored: stored, error: null };
      await repos.marketData.recordStock(runId, outcome);
      return outcome;
    });
  } catch {
    // The stock was deleted meanwhile, or the database failed for this stock: the run goes on.
    return recordFailure(ctx, runId, candidate, 'The closes could not be stored');
  }
}
