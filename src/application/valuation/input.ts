import { majorOf } from '../../domain/currency/currencies.js';
import type { FxRate } from '../../domain/currency/rates.js';
import { Decimal } from '../../domain/decimal.js';
import { InvariantError, NotFoundError } from '../../domain/errors.js';
import type { CostBasisMethod, Holding } from '../../domain/portfolio/holdings.js';
import type { BalanceRow } from '../../domain/portfolio/performance.js';
import { type TradeRecord, toTradeRecord } from '../../domain/portfolio/trades.js';
import type { Household, Portfolio, Repositories, StoredHolding } from '../ports.js';

/*
 * What a valuation reads, as plain data: it is computed on a worker thread (see ValuationTask), and only plain data
 * crosses to one (a structured clone), so every decimal travels as its exact text.
 */

export interface PortfolioInput {
  id: string;
  /** The portfolio's own currency (its balances are kept in it). */
  currency: string;
  /** The currency its holdings are reported in: its own, or the household's base currency. */
  reportingCurrency: string;
  costBasisMethod: CostBasisMethod;
  holdings: StoredHolding[];
  /** Holdings in a stock of another currency than the reporting one: reported from their converted trades. */
  foreignStockIds: string[];
  /** Those stocks' trades, in replay order. */
  foreignTrades: TradeRecord[];
  /** Whether a holding needs exchange rates (a pence stock in a pound portfolio converts by its factor alone). */
  needsRates: boolean;
}

export interface StockData {
  id: string;
  symbol: string;
  sector: string | null;
  industryGroup: string | null;
  currency: string;
}

export interface ValuationInput {
  baseCurrency: string;
  concentrationLimit: string;
  portfolios: PortfolioInput[];
  quotes: Array<{ stockId: string; close: string; date: string }>;
  stocks: StockData[];
  /** The household's exchange rates; empty when nothing to be computed needs one (they are then not read). */
  rates: FxRate[];
}

/** The task of computing one view; answered as its encoded JSON. */
export type ValuationTask =
  | { view: 'holdings' | 'summaries'; input: ValuationInput }
  | {
      view: 'analytics';
      input: ValuationInput;
      /** The currency of the answer. */
      currency: string;
      /** The stored trades' daily cash flows in SQL sums, the foreign stocks' left out (decimals as text). */
      cashFlows: Array<{ date: string; amount: string }>;
      /** Each portfolio's balance rows, in its own currency, in the order of `input.portfolios`. */
      balances: BalanceRow[][];
    };

export function fromStoredHolding(h: StoredHolding): Holding {
  return {
    stockId: h.stockId,
    quantity: new Decimal(h.quantity),
    averageCost: new Decimal(h.averageCost),
    costBasis: new Decimal(h.costBasis),
    realizedPnl: new Decimal(h.realizedPnl),
    dividends: new Decimal(h.dividends),
    lots:
      h.lots?.map((lot) => ({
        tradeId: lot.tradeId,
        tradeDate: lot.tradeDate,
        quantity: new Decimal(lot.quantity),
        costBasis: new Decimal(lot.costBasis),
        unitCost: new Decimal(lot.unitCost),
      })) ?? null,
  };
}

/**
 * Reads what valuing these portfolios in `currencyOf(portfolio)` needs: their stored positions, the latest prices
 * and stocks of those positions, the trades of the holdings in another currency, and the household's rates when a
 * conversion (or `alsoNeedsRates`, the balances of the household's analytics) needs them.
 */
export async function loadValuationInput(
  repos: Repositories,
  householdId: string,
  portfolios: Portfolio[],
  currencyOf: (portfolio: Portfolio, household: Household) => string,
  alsoNeedsRates: (household: Household) => boolean = () => false,
): Promise<{ household: Household; input: ValuationInput }> {
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
  const known = new Map(stocks.map((s) => [s.id, s.currency]));
  const currencyOfStock = (stockId: string): string => {
    const currency = known.get(stockId);
    // A position's stock is always there (a foreign key): without its currency nothing could be converted honestly.
    if (currency === undefined) throw new InvariantError(`stock ${stockId} of a position was not found`);
    return currency;
  };

  const byPortfolio = new Map<string, StoredHolding[]>(ids.map((id) => [id, []]));
  for (const p of positions) byPortfolio.get(p.portfolioId)?.push(p.holding);
  const inputs = await Promise.all(
    portfolios.map(async (portfolio): Promise<PortfolioInput> => {
      const target = currencyOf(portfolio, household);
      const holdings = byPortfolio.get(portfolio.id) ?? [];
      const foreignStockIds = holdings.map((h) => h.stockId).filter((id) => currencyOfStock(id) !== target);
      const targetMajor = majorOf(target).major;
      const foreignTrades =
        foreignStockIds.length === 0
          ? []
          : (await repos.trades.getHistory([portfolio.id], foreignStockIds)).map(toTradeRecord);
      return {
        id: portfolio.id,
        currency: portfolio.currency,
        reportingCurrency: target,
        costBasisMethod: portfolio.costBasisMethod,
        holdings,
        foreignStockIds,
        foreignTrades,
        needsRates: foreignStockIds.some((id) => majorOf(currencyOfStock(id)).major !== targetMajor),
      };
    }),
  );
  const needsRates = inputs.some((p) => p.needsRates) || alsoNeedsRates(household);
  return {
    household,
    input: {
      baseCurrency: household.baseCurrency,
      concentrationLimit: household.concentrationLimit,
      portfolios: inputs,
      quotes: quotes.map((q) => ({ stockId: q.stockId, close: q.close, date: q.date })),
      stocks: stocks.map((s) => ({
        id: s.id,
        symbol: s.symbol,
        sector: s.sector,
        industryGroup: s.industryGroup,
        currency: s.currency,
      })),
      rates: needsRates ? await repos.fxRates.getAll(householdId) : [],
    },
  };
}

/** Computes views off the event loop (a worker pool, see infrastructure/valuation-pool.ts). */
export interface ValuationRunner {
  run(task: ValuationTask): Promise<string>;
}
