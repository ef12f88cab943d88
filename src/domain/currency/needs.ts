import { fetchStart } from '../market-data.js';
import { majorOf } from './currencies.js';

/**
 * Which exchange rates a household needs (product.md section 14), so that the market-data refresh fetches only
 * those. A stock traded in a portfolio is converted into the portfolio's currency (holdings, portfolio analytics)
 * and into the household's base currency (household analytics, allocation by stock); a portfolio's amounts are
 * converted into the base. Rates are between major currencies: pence need pounds (GBp → GBP), and GBp in a GBP
 * portfolio needs no rate at all.
 */

/** One combination of currencies the household trades in, with its earliest trade. */
export interface TradedCurrencies {
  /** The stock's trading currency (may be a minor unit). */
  stockCurrency: string;
  portfolioCurrency: string;
  /** The earliest trade of a stock of that currency in a portfolio of that currency (YYYY-MM-DD). */
  firstTradeDate: string;
}

/** A pair to fetch: one `base` in `quote`, needed from `since` (the earliest trade that converts through it). */
export interface NeededPair {
  base: string;
  quote: string;
  since: string;
}

const key = (base: string, quote: string) => `${base}/${quote}`;
/** The earlier of two YYYY-MM-DD days (they sort as text). */
const earlier = (a: string, b: string) => [a, b].sort()[0] as string;

/**
 * The pairs a household needs, each once, in the orientation a conversion asks for. When both orientations of a
 * pair are needed, one is enough (a conversion uses the inverse): the one whose base sorts first, so that the
 * choice never depends on the order of the trades. Ordered by base, then quote.
 */
export function neededPairs(baseCurrency: string, traded: readonly TradedCurrencies[]): NeededPair[] {
  const base = majorOf(baseCurrency).major;
  const since = new Map<string, NeededPair>();
  const need = (from: string, to: string, date: string) => {
    if (from === to) return;
    const pair = since.get(key(from, to));
    if (pair === undefined) since.set(key(from, to), { base: from, quote: to, since: date });
    else if (date < pair.since) pair.since = date;
  };
  for (const t of traded) {
    const stock = majorOf(t.stockCurrency).major;
    const portfolio = majorOf(t.portfolioCurrency).major;
    need(stock, portfolio, t.firstTradeDate);
    need(stock, base, t.firstTradeDate);
    need(portfolio, base, t.firstTradeDate);
  }
  const pairs: NeededPair[] = [];
  for (const pair of since.values()) {
    const inverse = since.get(key(pair.quote, pair.base));
    if (inverse === undefined) pairs.push({ ...pair });
    else if (pair.base < pair.quote) pairs.push({ ...pair, since: earlier(pair.since, inverse.since) });
  }
  return pairs.sort((a, b) => (key(a.base, a.quote) < key(b.base, b.quote) ? -1 : 1));
}

/**
 * The first day to fetch of a pair for a household: the day after its latest provider rate (rates entered by hand
 * do not move it), else the earlier of the day the pair is first needed and the stocks' default history.
 */
export function rateFetchStart(latestProviderDate: string | null, since: string, today: string): string {
  if (latestProviderDate !== null) return fetchStart(latestProviderDate, today);
  const lookback = fetchStart(null, today);
  return earlier(since, lookback);
}
