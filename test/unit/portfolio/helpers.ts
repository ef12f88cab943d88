import { CurrencyConverter, createRateBook } from '../../../src/domain/currency/rates.js';
import { Decimal } from '../../../src/domain/decimal.js';
import type { Holding } from '../../../src/domain/portfolio/holdings.js';
import { type ReportedHoldings, reportHolding, reportHoldings } from '../../../src/domain/portfolio/reporting.js';
import type { TradeRecord } from '../../../src/domain/portfolio/trades.js';
import type { PriceQuote } from '../../../src/domain/portfolio/valuation.js';

/** Builds trades the way the database would hold them: text decimals, an id and a creation sequence. */
export function tradeBook() {
  let seq = 0;
  const next = (): { id: string; seq: number } => {
    seq += 1;
    return { id: `t${seq}`, seq };
  };
  return {
    buy: (stockId: string, tradeDate: string, quantity: string, price: string, fee?: string): TradeRecord => ({
      ...next(),
      stockId,
      type: 'buy',
      quantity,
      price,
      fee: fee ?? null,
      tradeDate,
    }),
    sell: (stockId: string, tradeDate: string, quantity: string, price: string, fee?: string): TradeRecord => ({
      ...next(),
      stockId,
      type: 'sell',
      quantity,
      price,
      fee: fee ?? null,
      tradeDate,
    }),
    dividend: (stockId: string, tradeDate: string, amount: string): TradeRecord => ({
      ...next(),
      stockId,
      type: 'dividend',
      amount,
      tradeDate,
    }),
    split: (stockId: string, tradeDate: string, ratio: string): TradeRecord => ({
      ...next(),
      stockId,
      type: 'split',
      ratio,
      tradeDate,
    }),
  };
}

export const d = (value: string | number): Decimal => new Decimal(value);

/** A holding's numbers as strings, exact (no rounding), for readable equality checks. */
export function exact(h: Holding | undefined) {
  if (h === undefined) throw new Error('no such holding');
  return {
    quantity: h.quantity.toFixed(),
    costBasis: h.costBasis.toFixed(),
    averageCost: h.averageCost.toFixed(),
    realizedPnl: h.realizedPnl.toFixed(),
    dividends: h.dividends.toFixed(),
  };
}

/** |a − b| <= tolerance. */
export function near(a: Decimal, b: Decimal | string, tolerance = '1e-15'): boolean {
  return a.minus(b).abs().lte(tolerance);
}

/** Holdings of stocks all in the reporting currency, reported as the service does (no rate needed). */
export function reportSameCurrency(
  holdings: readonly Holding[],
  quotes: ReadonlyMap<string, PriceQuote>,
  currency = 'USD',
): ReportedHoldings {
  const converter = new CurrencyConverter(createRateBook([], currency), currency);
  return reportHoldings(
    currency,
    holdings.map((native) =>
      reportHolding(
        { native, nativeCurrency: currency, quote: quotes.get(native.stockId), converted: null },
        converter,
      ),
    ),
  );
}
