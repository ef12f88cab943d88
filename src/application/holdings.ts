import { majorOf } from '../domain/currency/currencies.js';
import { CurrencyConverter, createRateBook, type MissingRate, type RateBook } from '../domain/currency/rates.js';
import { Decimal, formatMoney } from '../domain/decimal.js';
import { InvariantError, NotFoundError } from '../domain/errors.js';
import type { StockProfile } from '../domain/portfolio/analytics.js';
import { type DailyCashFlow, type Holding, replay } from '../domain/portfolio/holdings.js';
import {
  type BalanceRow,
  combineBalances,
  computePerformance,
  mwrValuationDate,
  type Performance,
} from '../domain/portfolio/performance.js';
import {
  computeReportedAnalytics,
  convertBalances,
  convertTrades,
  mergeCashFlows,
  type ReportedHoldings,
  reportHolding,
  reportHoldings,
} from '../domain/portfolio/reporting.js';
import { type TradeRecord, toTradeRecord } from '../domain/portfolio/trades.js';
import type { PriceQuote } from '../domain/portfolio/valuation.js';
import { formatAnalytics, formatHoldings } from '../domain/portfolio/wire.js';
import { toBalanceRow } from './balances.js';
import type { AppContext } from './context.js';
import type { Household, Portfolio, Repositories } from './ports.js';
import type { Principal } from './principal.js';

/**
 * Holdings, analytics and the portfolio list's figures, in the reporting currency of each (product.md §14): a
 * portfolio's own currency, or the household's base currency for the household's analytics. A holding in a stock of
 * another currency is reported from its trades converted at their dates' rates; one in the reporting currency is
 * the stored position as it is, so a single-currency household reads no rate at all.
 */

/** One portfolio's holdings in its reporting currency. */
interface PortfolioState {
  portfolio: Portfolio;
  reported: ReportedHoldings;
  /** The stocks reported through converted trades (their cash flows are not the SQL sums of native amounts). */
  foreignStockIds: string[];
  /** Those stocks' cash flows in the reporting currency; null when a trade's rate is missing. */
  foreignFlows: DailyCashFlow[] | null;
}

interface HouseholdState {
  household: Household;
  portfolios: PortfolioState[];
  stocks: Map<string, StockProfile>;
  concentrationLimit: Decimal;
  /** The converter into a currency, sharing one read of the household's rates (read only when one is needed). */
  converterFor: (currency: string) => Promise<CurrencyConverter>;
  /** The rates that the answers in `currency` needed and did not find. */
  missing: (currency: string) => Promise<MissingRate[]>;
}

function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | null = null;
  return () => {
    value ??= load();
    return value;
  };
}

/**
 * Reads the stored positions of these portfolios and reports each in `currencyOf(portfolio)` at the latest prices.
 */
async function loadState(
  repos: Repositories,
  householdId: string,
  portfolios: Portfolio[],
  currencyOf: (portfolio: Portfolio, household: Household) => string,
): Promise<HouseholdState> {
  const ids = portfolios.map((p) => p.id);
  const [positions, household] = await Promise.all([
    repos.positions.getByPortfolios(ids),
    repos.households.getById(householdId),
  ]);
  if (household === null) throw new NotFoundError('Household');
  const stockIds = [...new Set(positions.map((p) => p.holding.stockId))];
  const [quotes, stocks] = await Promise.all([
    repos.prices.getLatest(stockIds),
    repos.stocks.getByIds(householdId, stockIds),
  ]);
  const quoteMap = new Map<string, PriceQuote>(quotes.map((q) => [q.stockId, { price: q.close, date: q.date }]));
  const known = new Map(stocks.map((s) => [s.id, s.currency]));
  const currencyOfStock = (stockId: string): string => {
    const currency = known.get(stockId);
    // A position's stock is always there (a foreign key): without its currency nothing could be converted honestly.
    if (currency === undefined) throw new InvariantError(`stock ${stockId} of a position was not found`);
    return currency;
  };
  const profiles = new Map<string, StockProfile>(
    stocks.map((s) => [s.id, { symbol: s.symbol, sector: s.sector, industryGroup: s.industryGroup }]),
  );
  const symbol = (stockId: string) => profiles.get(stockId)?.symbol ?? '';
  const rates = lazy(async () => createRateBook(await repos.fxRates.getAll(householdId), household.baseCurrency));
  const converters = new Map<string, Promise<CurrencyConverter>>();
  const converterFor = (currency: string) => {
    let converter = converters.get(currency);
    if (converter === undefined) {
      converter = rates().then((book) => new CurrencyConverter(book, currency));
      converters.set(currency, converter);
    }
    return converter;
  };

  const byPortfolio = new Map<string, Holding[]>(ids.map((id) => [id, []]));
  for (const p of positions) byPortfolio.get(p.portfolioId)?.push(p.holding);
  const states = await Promise.all(
    portfolios.map(async (portfolio): Promise<PortfolioState> => {
      const target = currencyOf(portfolio, household);
      const holdings = (byPortfolio.get(portfolio.id) ?? []).sort((a, b) =>
        symbol(a.stockId).localeCompare(symbol(b.stockId)),
      );
      const foreignStockIds = holdings.map((h) => h.stockId).filter((id) => currencyOfStock(id) !== target);
      // Only a holding in another major currency needs rates (pence convert to pounds by their factor): without
      // one, the household's rates are never read.
      const targetMajor = majorOf(target).major;
      const needsRates = foreignStockIds.some((id) => majorOf(currencyOfStock(id)).major !== targetMajor);
      const converter = needsRates ? await converterFor(target) : new CurrencyConverter(NO_RATES, target);
      const converted = await convertForeign(repos, portfolio, foreignStockIds, currencyOfStock, converter);
      const reported = reportHoldings(
        target,
        holdings.map((native) =>
          reportHolding(
            {
              native,
              nativeCurrency: currencyOfStock(native.stockId),
              quote: quoteMap.get(native.stockId),
              converted: converted.holdings.get(native.stockId) ?? null,
            },
            converter,
          ),
        ),
      );
      return { portfolio, reported, foreignStockIds, foreignFlows: converted.flows };
    }),
  );
  return {
    household,
    portfolios: states,
    stocks: profiles,
    concentrationLimit: new Decimal(household.concentrationLimit),
    converterFor,
    missing: async (currency) => (await converters.get(currency))?.missing() ?? [],
  };
}

/** What a portfolio without foreign holdings converts with: nothing, so nothing is read. */
const NO_RATES: RateBook = createRateBook([], 'USD');

/**
 * Replays each foreign stock's trades converted into the reporting currency: the cost side of its holding and its
 * cash flows. A stock with a trade whose rate is missing has no converted holding (and no flows).
 */
async function convertForeign(
  repos: Repositories,
  portfolio: Portfolio,
  stockIds: string[],
  currencyOf: (stockId: string) => string,
  converter: CurrencyConverter,
): Promise<{ holdings: Map<string, Holding>; flows: DailyCashFlow[] | null }> {
  const holdings = new Map<string, Holding>();
  if (stockIds.length === 0) return { holdings, flows: [] };
  const byStock = new Map<string, TradeRecord[]>(stockIds.map((id) => [id, []]));
  for (const trade of await repos.trades.getHistory([portfolio.id], stockIds))
    byStock.get(trade.stockId)?.push(toTradeRecord(trade));
  const flows: DailyCashFlow[][] = [];
  let complete = true;
  for (const [stockId, trades] of byStock) {
    const converted = convertTrades(trades, currencyOf(stockId), converter);
    if (converted === null) {
      complete = false;
      continue;
    }
    const result = replay(converted, portfolio.costBasisMethod, {
      lots: portfolio.costBasisMethod === 'fifo',
      cashFlows: true,
    });
    if (!result.ok) throw new InvariantError(`stored history of portfolio ${portfolio.id} is invalid`);
    const holding = result.holdings.find((h) => h.stockId === stockId);
    if (holding !== undefined) holdings.set(stockId, holding);
    flows.push(result.cashFlows);
  }
  return { holdings, flows: complete ? mergeCashFlows(flows) : null };
}

async function requirePortfolio(ctx: AppContext, caller: Principal, portfolioId: string): Promise<Portfolio> {
  const portfolio = await ctx.repos.portfolios.getById(caller.householdId, portfolioId);
  if (portfolio === null) throw new NotFoundError('Portfolio');
  return portfolio;
}

async function version(ctx: AppContext, householdId: string): Promise<number> {
  return ctx.repos.households.getDataVersion(householdId);
}

const inOwnCurrency = (portfolio: Portfolio) => portfolio.currency;
const inBaseCurrency = (_: Portfolio, household: Household) => household.baseCurrency;

/*
 * The cached views' keys name their shape ("…:2:"), so that a view cached in an older shape is never answered as
 * this one after an upgrade (the data version alone does not change with the code).
 */

/** GET /portfolios/{id}/holdings as encoded JSON (cached until the household's data changes). */
export async function getHoldings(ctx: AppContext, caller: Principal, portfolioId: string): Promise<Buffer> {
  const portfolio = await requirePortfolio(ctx, caller, portfolioId);
  return ctx.views.get(
    caller.householdId,
    await version(ctx, caller.householdId),
    `holdings:2:${portfolio.id}`,
    async () => {
      const state = await loadState(ctx.repos, caller.householdId, [portfolio], inOwnCurrency);
      const reported = state.portfolios[0]?.reported ?? reportHoldings(portfolio.currency, []);
      return formatHoldings(
        reported,
        (id) => state.stocks.get(id)?.symbol ?? '',
        await state.missing(portfolio.currency),
      );
    },
  );
}

/**
 * The analytics of some portfolios of the household taken together (one, or all of them) in `currency`, with the
 * balance rows already in it (null when a rate they need is missing) and as stored (for the index's changes).
 */
async function analyticsOf(
  repos: Repositories,
  state: HouseholdState,
  currency: string,
  balances: { converted: BalanceRow[] | null; stored: BalanceRow[] },
) {
  const ids = state.portfolios.map((p) => p.portfolio.id);
  const foreign = [...new Set(state.portfolios.flatMap((p) => p.foreignStockIds))];
  const stored = (await repos.trades.getDailyCashFlows(ids, foreign)).map((f) => ({
    date: f.date,
    amount: new Decimal(f.amount),
  }));
  const foreignFlows = state.portfolios.map((p) => p.foreignFlows);
  const cashFlows =
    foreign.length === 0
      ? stored
      : foreignFlows.every((f) => f !== null)
        ? mergeCashFlows([stored, ...(foreignFlows as DailyCashFlow[][])])
        : null;
  const items = state.portfolios.flatMap((p) => p.reported.items);
  const values = items.map((h) => h.view?.value ?? null);
  const marketValue = values.every((v) => v !== null) ? values.reduce((a, b) => a.plus(b), new Decimal(0)) : null;
  const valuationDate = mwrValuationDate(
    items.map((h) => h.native),
    cashFlows?.at(-1)?.date ?? stored.at(-1)?.date ?? null,
  );
  const performance = computePerformance({
    balances: balances.converted ?? [],
    cashFlows: cashFlows ?? [],
    marketValue: marketValue ?? new Decimal(0),
    valuationDate: cashFlows === null || marketValue === null ? null : valuationDate,
  });
  const figures = computeReportedAnalytics({
    holdings: items,
    stocks: state.stocks,
    concentrationLimit: state.concentrationLimit,
    performance: balances.converted === null ? withoutBalances(performance, balances.stored) : performance,
  });
  return formatAnalytics(figures, currency, await state.missing(currency));
}

/** The balance figures unknown (a rate is missing), the index's own return kept: it needs no rate. */
function withoutBalances(performance: Performance, stored: BalanceRow[]): Performance {
  const index = computePerformance({
    balances: stored,
    cashFlows: [],
    marketValue: new Decimal(0),
    valuationDate: null,
  });
  return { ...performance, twr: null, maxDrawdown: null, indexReturn: index.indexReturn, excessReturn: null };
}

/** GET /portfolios/{id}/analytics as encoded JSON, in the portfolio's currency. */
export async function getPortfolioAnalytics(ctx: AppContext, caller: Principal, portfolioId: string): Promise<Buffer> {
  const portfolio = await requirePortfolio(ctx, caller, portfolioId);
  return ctx.views.get(
    caller.householdId,
    await version(ctx, caller.householdId),
    `analytics:2:${portfolio.id}`,
    async () => {
      const [state, balances] = await Promise.all([
        loadState(ctx.repos, caller.householdId, [portfolio], inOwnCurrency),
        ctx.repos.balances.getHistory([portfolio.id]),
      ]);
      const rows = balances.map(toBalanceRow);
      return analyticsOf(ctx.repos, state, portfolio.currency, { converted: rows, stored: rows });
    },
  );
}

/** GET /analytics: every portfolio of the household together, in its base currency. */
export async function getHouseholdAnalytics(ctx: AppContext, caller: Principal): Promise<Buffer> {
  return ctx.views.get(
    caller.householdId,
    await version(ctx, caller.householdId),
    'analytics:2:household',
    async () => {
      const portfolios = await ctx.repos.portfolios.getAllByHousehold(caller.householdId);
      const ids = portfolios.map((p) => p.id);
      const [state, rows] = await Promise.all([
        loadState(ctx.repos, caller.householdId, portfolios, inBaseCurrency),
        ctx.repos.balances.getHistory(ids),
      ]);
      const base = state.household.baseCurrency;
      const storedRows = portfolios.map((p) => rows.filter((b) => b.portfolioId === p.id).map(toBalanceRow));
      const needsRates = portfolios.some((p) => p.currency !== base);
      const converter = needsRates ? await state.converterFor(base) : null;
      const convertedRows = portfolios.map((p, i) =>
        converter === null
          ? (storedRows[i] as BalanceRow[])
          : convertBalances(storedRows[i] as BalanceRow[], p.currency, converter),
      );
      const converted = convertedRows.every((r) => r !== null)
        ? combineBalances(convertedRows as BalanceRow[][])
        : null;
      return analyticsOf(ctx.repos, state, base, { converted, stored: combineBalances(storedRows) });
    },
  );
}

export interface PortfolioSummary {
  value: string | null;
  cost: string | null;
  unrealizedPnl: string | null;
  realizedPnl: string | null;
  dividends: string | null;
  positionCount: number;
}

/** Value, cost, P&L, dividends and position count of each portfolio in its currency (the portfolio list's extra fields). */
export async function summarizePortfolios(
  ctx: AppContext,
  caller: Principal,
  portfolios: Portfolio[],
): Promise<Map<string, PortfolioSummary>> {
  if (portfolios.length === 0) return new Map();
  // The key names the summary's shape, so that a cached one of an older shape is never read as this one.
  const key = `summaries:3:${portfolios.map((p) => p.id).join(',')}`;
  const text = await ctx.views.get(caller.householdId, await version(ctx, caller.householdId), key, async () => {
    const state = await loadState(ctx.repos, caller.householdId, portfolios, inOwnCurrency);
    return state.portfolios.map((p) => {
      const totals = p.reported.totals;
      const money = (value: Decimal | null) => (value === null ? null : formatMoney(value));
      return [
        p.portfolio.id,
        {
          value: money(totals.marketValue),
          cost: money(totals.costBasis),
          unrealizedPnl: money(totals.unrealizedPnl),
          realizedPnl: money(totals.realizedPnl),
          dividends: money(totals.dividends),
          positionCount: totals.positionCount,
        },
      ];
    });
  });
  return new Map(JSON.parse(text.toString()) as Array<[string, PortfolioSummary]>);
}
