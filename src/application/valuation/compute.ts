import { CurrencyConverter, createRateBook, type RateBook } from '../../domain/currency/rates.js';
import { Decimal, formatMoney } from '../../domain/decimal.js';
import { InvariantError } from '../../domain/errors.js';
import type { StockProfile } from '../../domain/portfolio/analytics.js';
import { type DailyCashFlow, type Holding, replay } from '../../domain/portfolio/holdings.js';
import {
  type BalanceRow,
  combineBalances,
  computePerformance,
  mwrValuationDate,
  type Performance,
} from '../../domain/portfolio/performance.js';
import {
  computeReportedAnalytics,
  convertBalances,
  convertTrades,
  mergeCashFlows,
  type ReportedHoldings,
  reportHolding,
  reportHoldings,
} from '../../domain/portfolio/reporting.js';
import type { TradeRecord } from '../../domain/portfolio/trades.js';
import type { PriceQuote } from '../../domain/portfolio/valuation.js';
import { formatAnalytics, formatHoldings } from '../../domain/portfolio/wire.js';
import { fromStoredHolding, type PortfolioInput, type ValuationInput, type ValuationTask } from './input.js';

/**
 * Holdings, analytics and the portfolio list's figures computed from what `loadValuationInput` read, in the reporting
 * currency of each (product.md §14). Pure and synchronous: it runs on a worker thread, so that the event loop keeps
 * answering while a large history is valued. A holding in a stock of another currency is reported from its trades
 * converted at their dates' rates; one in the reporting currency is the stored position as it is.
 */
export function computeView(task: ValuationTask): string {
  const valuation = value(task.input);
  switch (task.view) {
    case 'holdings': {
      const [portfolio] = valuation.portfolios;
      if (portfolio === undefined) throw new InvariantError('a holdings view values one portfolio');
      return JSON.stringify(
        formatHoldings(portfolio.reported, valuation.symbolOf, valuation.missing(portfolio.input.reportingCurrency)),
      );
    }
    case 'summaries':
      return JSON.stringify(valuation.portfolios.map((p) => [p.input.id, summarize(p.reported)]));
    case 'analytics':
      return JSON.stringify(analytics(valuation, task.currency, task.cashFlows, task.balances));
  }
}

interface ValuedPortfolio {
  input: PortfolioInput;
  reported: ReportedHoldings;
  /** The foreign stocks' cash flows in the reporting currency; null when a trade's rate is missing. */
  foreignFlows: DailyCashFlow[] | null;
}

interface Valuation {
  portfolios: ValuedPortfolio[];
  stocks: Map<string, StockProfile>;
  concentrationLimit: Decimal;
  symbolOf: (stockId: string) => string;
  converterFor: (currency: string) => CurrencyConverter;
  /** The rates that the answers in `currency` needed and did not find. */
  missing: (currency: string) => ReturnType<CurrencyConverter['missing']>;
}

/** What a portfolio without foreign holdings converts with: nothing, so nothing is looked up. */
const NO_RATES: RateBook = createRateBook([], 'USD');

function value(input: ValuationInput): Valuation {
  const quotes = new Map<string, PriceQuote>(input.quotes.map((q) => [q.stockId, { price: q.close, date: q.date }]));
  const currencyOf = new Map(input.stocks.map((s) => [s.id, s.currency]));
  const stocks = new Map<string, StockProfile>(
    input.stocks.map((s) => [s.id, { symbol: s.symbol, sector: s.sector, industryGroup: s.industryGroup }]),
  );
  const symbolOf = (stockId: string) => stocks.get(stockId)?.symbol ?? '';
  const currencyOfStock = (stockId: string) => currencyOf.get(stockId) as string;
  let book: RateBook | undefined;
  const converters = new Map<string, CurrencyConverter>();
  const converterFor = (currency: string) => {
    let converter = converters.get(currency);
    if (converter === undefined) {
      book ??= createRateBook(input.rates, input.baseCurrency);
      converter = new CurrencyConverter(book, currency);
      converters.set(currency, converter);
    }
    return converter;
  };

  const portfolios = input.portfolios.map((portfolio): ValuedPortfolio => {
    const target = portfolio.reportingCurrency;
    const holdings = portfolio.holdings
      .map(fromStoredHolding)
      .sort((a, b) => symbolOf(a.stockId).localeCompare(symbolOf(b.stockId)));
    const converter = portfolio.needsRates ? converterFor(target) : new CurrencyConverter(NO_RATES, target);
    const converted = convertForeign(portfolio, currencyOfStock, converter);
    const reported = reportHoldings(
      target,
      holdings.map((native) =>
        reportHolding(
          {
            native,
            nativeCurrency: currencyOfStock(native.stockId),
            quote: quotes.get(native.stockId),
            converted: converted.holdings.get(native.stockId) ?? null,
          },
          converter,
        ),
      ),
    );
    return { input: portfolio, reported, foreignFlows: converted.flows };
  });
  return {
    portfolios,
    stocks,
    concentrationLimit: new Decimal(input.concentrationLimit),
    symbolOf,
    converterFor,
    missing: (currency) => converters.get(currency)?.missing() ?? [],
  };
}

/**
 * Replays each foreign stock's trades converted into the reporting currency: the cost side of its holding and its
 * cash flows. A stock with a trade whose rate is missing has no converted holding (and no flows).
 */
function convertForeign(
  portfolio: PortfolioInput,
  currencyOf: (stockId: string) => string,
  converter: CurrencyConverter,
): { holdings: Map<string, Holding>; flows: DailyCashFlow[] | null } {
  const holdings = new Map<string, Holding>();
  if (portfolio.foreignStockIds.length === 0) return { holdings, flows: [] };
  const byStock = new Map<string, TradeRecord[]>(portfolio.foreignStockIds.map((id) => [id, []]));
  for (const trade of portfolio.foreignTrades) byStock.get(trade.stockId)?.push(trade);
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

function summarize(reported: ReportedHoldings) {
  const totals = reported.totals;
  const money = (value: Decimal | null) => (value === null ? null : formatMoney(value));
  return {
    value: money(totals.marketValue),
    cost: money(totals.costBasis),
    unrealizedPnl: money(totals.unrealizedPnl),
    realizedPnl: money(totals.realizedPnl),
    dividends: money(totals.dividends),
    positionCount: totals.positionCount,
  };
}

/**
 * The analytics of the valued portfolios taken together in `currency`: their balance rows converted into it (the
 * figures they give are unknown when a rate they need is missing), the index's changes as stored.
 */
function analytics(
  valuation: Valuation,
  currency: string,
  storedFlows: Array<{ date: string; amount: string }>,
  balances: BalanceRow[][],
) {
  const portfolios = valuation.portfolios;
  // One portfolio's rows are its own as stored; several are combined day by day.
  const combine = (rows: readonly BalanceRow[][]) =>
    rows.length === 1 ? (rows[0] as BalanceRow[]) : combineBalances(rows);
  const storedRows = combine(balances);
  const needsConversion = portfolios.some((p) => p.input.currency !== currency);
  const convertedRows = needsConversion
    ? portfolios.map((p, i) => convertBalances(balances[i] ?? [], p.input.currency, valuation.converterFor(currency)))
    : balances;
  const converted = convertedRows.every((r) => r !== null) ? combine(convertedRows as BalanceRow[][]) : null;

  const stored = storedFlows.map((f) => ({ date: f.date, amount: new Decimal(f.amount) }));
  const foreign = portfolios.some((p) => p.input.foreignStockIds.length > 0);
  const foreignFlows = portfolios.map((p) => p.foreignFlows);
  const cashFlows = !foreign
    ? stored
    : foreignFlows.every((f) => f !== null)
      ? mergeCashFlows([stored, ...(foreignFlows as DailyCashFlow[][])])
      : null;
  const items = portfolios.flatMap((p) => p.reported.items);
  const values = items.map((h) => h.view?.value ?? null);
  const marketValue = values.every((v) => v !== null) ? values.reduce((a, b) => a.plus(b), new Decimal(0)) : null;
  const valuationDate = mwrValuationDate(
    items.map((h) => h.native),
    cashFlows?.at(-1)?.date ?? stored.at(-1)?.date ?? null,
  );
  const performance = computePerformance({
    balances: converted ?? [],
    cashFlows: cashFlows ?? [],
    marketValue: marketValue ?? new Decimal(0),
    valuationDate: cashFlows === null || marketValue === null ? null : valuationDate,
  });
  const figures = computeReportedAnalytics({
    holdings: items,
    stocks: valuation.stocks,
    concentrationLimit: valuation.concentrationLimit,
    performance: converted === null ? withoutBalances(performance, storedRows) : performance,
  });
  return formatAnalytics(figures, currency, valuation.missing(currency));
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
