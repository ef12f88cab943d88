import { setTimeout as sleep } from 'node:timers/promises';
import { neededPairs, rateFetchStart } from '../../domain/currency/needs.js';
import { Decimal } from '../../domain/decimal.js';
import { BusinessRuleError, ConflictError } from '../../domain/errors.js';
import { assertCanWrite } from '../../domain/household.js';
import { fetchStart } from '../../domain/market-data.js';
import type { Close } from '../../domain/portfolio/prices.js';
import type { AppContext } from '../context.js';
import type {
  HouseholdCurrencies,
  NewMarketDataRun,
  RateRefreshOutcome,
  RateRefreshTarget,
  RefreshCandidate,
  StockRefreshOutcome,
} from '../ports.js';
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
/** Rates stored per statement (a first fetch from an old trade may bring decades of days). */
const RATES_PER_UPSERT = 1000;

export interface RunSummary {
  runId: string;
  stocks: number;
  pricesStored: number;
  failed: number;
  /** Exchange rates asked for: one per household and pair. */
  rates: number;
  ratesStored: number;
  ratesFailed: number;
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

/** Members fetched together: one request, from the earliest of their starts. */
interface FetchGroup<T> {
  members: Array<{ member: T; start: string }>;
  fetch(from: string): Promise<FetchResult>;
}

/** Candidates grouped by the provider's code: each code is fetched once per run, however many households hold it. */
function byProviderSymbol(
  provider: MarketDataProvider,
  candidates: RefreshCandidate[],
  today: string,
): Array<FetchGroup<RefreshCandidate>> {
  const groups = new Map<string, FetchGroup<RefreshCandidate>>();
  for (const c of candidates) {
    const code = c.providerSymbol ?? provider.deriveSymbol(c.symbol);
    const member = { member: c, start: fetchStart(c.latestProviderDate, today) };
    const group = groups.get(code);
    if (group === undefined)
      groups.set(code, { members: [member], fetch: (from) => provider.fetchDailyCloses(code, from) });
    else group.members.push(member);
  }
  return [...groups.values()];
}

/** A pair a household needs, from the earliest trade that converts through it. */
interface RateCandidate extends RateRefreshTarget {
  since: string;
}

/** Every household's needed pairs (domain/currency/needs.ts), from the currencies each trades in. */
function rateCandidates(rows: readonly HouseholdCurrencies[]): RateCandidate[] {
  const byHousehold = new Map<string, HouseholdCurrencies[]>();
  for (const row of rows) {
    const group = byHousehold.get(row.householdId);
    if (group === undefined) byHousehold.set(row.householdId, [row]);
    else group.push(row);
  }
  return [...byHousehold].flatMap(([householdId, group]) =>
    neededPairs((group[0] as HouseholdCurrencies).baseCurrency, group).map((p) => ({ householdId, ...p })),
  );
}

/** Rate candidates grouped by pair: each pair is fetched once per run, however many households need it. */
async function byPair(
  ctx: AppContext,
  provider: MarketDataProvider,
  candidates: RateCandidate[],
  today: string,
): Promise<Array<FetchGroup<RateCandidate>>> {
  const groups = new Map<string, FetchGroup<RateCandidate>>();
  for (const c of candidates) {
    const latest = await ctx.repos.fxRates.getLatestProviderDate(c.householdId, c.base, c.quote);
    const member = { member: c, start: rateFetchStart(latest, c.since, today) };
    const key = `${c.base}/${c.quote}`;
    const group = groups.get(key);
    if (group === undefined)
      groups.set(key, { members: [member], fetch: (from) => provider.fetchDailyRates(c.base, c.quote, from) });
    else group.members.push(member);
  }
  return [...groups.values()];
}

/**
 * Fetches each group once, from the earliest start of its members, and settles each member with the answer.
 * Returns the message of a daily limit, which ends the run (the members not reached stay pending), else null.
 */
async function fetchGroups<T>(
  groups: Iterable<FetchGroup<T>>,
  today: string,
  settle: (member: T, result: FetchResult, start: string) => Promise<void>,
): Promise<string | null> {
  for (const group of groups) {
    const from = [...group.members.map((m) => m.start)].sort()[0] as string;
    const result: FetchResult = from > today ? { ok: true, closes: [] } : await group.fetch(from);
    if (!result.ok && result.failure.kind === 'daily_limit') return result.failure.message;
    for (const { member, start } of group.members) await settle(member, result, start);
  }
  return null;
}

/** Runs `run` and counts it for /metrics: how it ended and how long it took. */
async function executeRun(ctx: AppContext, provider: MarketDataProvider, run: NewMarketDataRun): Promise<RunSummary> {
  const start = performance.now();
  const seconds = () => (performance.now() - start) / 1000;
  try {
    const summary = await performRun(ctx, provider, run);
    const partial = summary.failed > 0 || summary.ratesFailed > 0;
    ctx.metrics.marketDataRun(run.trigger, partial ? 'partial' : 'ok', seconds());
    return summary;
  } catch (error) {
    ctx.metrics.marketDataRun(run.trigger, 'failed', seconds());
    throw error;
  }
}

async function performRun(ctx: AppContext, provider: MarketDataProvider, run: NewMarketDataRun): Promise<RunSummary> {
  const heartbeat = setInterval(() => {
    ctx.repos.marketData.heartbeat(run.id).catch(() => {});
  }, HEARTBEAT_MS);
  heartbeat.unref();
  const summary: RunSummary = {
    runId: run.id,
    stocks: 0,
    pricesStored: 0,
    failed: 0,
    rates: 0,
    ratesStored: 0,
    ratesFailed: 0,
  };
  let pendingMessage = STOPPED;
  let stocksFetched = 0;
  let ratesFetched = 0;
  try {
    const candidates = await ctx.repos.marketData.getRefreshCandidates(run.householdId);
    const rates = rateCandidates(await ctx.repos.marketData.getHouseholdCurrencies(run.householdId));
    await ctx.repos.marketData.addStocks(run.id, candidates);
    await ctx.repos.marketData.addRates(run.id, rates);
    summary.stocks = candidates.length;
    summary.rates = rates.length;
    const today = ctx.now().toISOString().slice(0, 10);
    const stockLimit = await fetchGroups(
      byProviderSymbol(provider, candidates, today),
      today,
      async (c, result, start) => {
        const outcome = result.ok
          ? await storeCloses(ctx, run.id, c, result.closes, start)
          : await recordFailure(ctx, run.id, c, result.failure.message);
        summary.pricesStored += outcome.pricesStored;
        if (outcome.error === null) stocksFetched += 1;
      },
    );
    // Prices first, then the exchange rates; a daily limit ends both: every further request would be refused.
    const dailyLimit =
      stockLimit ??
      (await fetchGroups(await byPair(ctx, provider, rates, today), today, async (c, result, start) => {
        const outcome = result.ok
          ? await storeRates(ctx, run.id, c, result.closes, start)
          : await recordRateFailure(ctx, run.id, c, result.failure.message);
        summary.ratesStored += outcome.ratesStored;
        if (outcome.error === null) ratesFetched += 1;
      }));
    if (dailyLimit !== null) pendingMessage = `Not fetched: ${dailyLimit}`;
  } finally {
    clearInterval(heartbeat);
    await ctx.repos.marketData.finish(run.id, pendingMessage);
  }
  // What was not fetched failed, including what the run never reached.
  summary.failed = summary.stocks - stocksFetched;
  summary.ratesFailed = summary.rates - ratesFetched;
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
        await repos.households.bumpPriceVersion(householdId);
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

async function recordRateFailure(
  ctx: AppContext,
  runId: string,
  target: RateRefreshTarget,
  message: string,
): Promise<RateRefreshOutcome> {
  const { householdId, base, quote } = target;
  const outcome = { householdId, base, quote, ratesStored: 0, error: message };
  await ctx.repos.marketData.recordRate(runId, outcome);
  return outcome;
}

/**
 * Stores one household's new rates of a pair as provider rates (a rate entered by hand for the day stays), in one
 * unit of work with the record of its outcome and, when something was stored, the household's new data version.
 */
async function storeRates(
  ctx: AppContext,
  runId: string,
  target: RateRefreshTarget,
  closes: readonly DailyClose[],
  start: string,
): Promise<RateRefreshOutcome> {
  const { householdId, base, quote } = target;
  try {
    return await ctx.unitOfWork(async (repos) => {
      const fresh = closes.filter((c) => c.date >= start).map((c) => ({ base, quote, date: c.date, rate: c.close }));
      let stored = 0;
      for (let i = 0; i < fresh.length; i += RATES_PER_UPSERT)
        stored += await repos.fxRates.upsert(householdId, fresh.slice(i, i + RATES_PER_UPSERT), 'provider');
      if (stored > 0) await repos.households.bumpPriceVersion(householdId);
      const outcome = { householdId, base, quote, ratesStored: stored, error: null };
      await repos.marketData.recordRate(runId, outcome);
      return outcome;
    });
  } catch {
    // The household was deleted meanwhile, or the database failed for this pair: the run goes on.
    return recordRateFailure(ctx, runId, target, 'The exchange rates could not be stored');
  }
}
