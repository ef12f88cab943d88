/**
 * The market-data provider as the refresh sees it (product.md section 13). One adapter per provider lives in
 * infrastructure/market-data; each speaks its provider's wire format and answers in these terms.
 */

/**
 * One daily close: the exchange's local date and the close as a decimal string (never a JS number). For an
 * exchange rate, the close is the day's rate (> 0): one unit of the base in the quote.
 */
export interface DailyClose {
  date: string;
  close: string;
}

/**
 * Why a fetch gave no closes. `daily_limit` ends the whole run (every further request would be refused too);
 * every other kind fails only the stock (or the exchange rate) asked for.
 */
export type FetchFailureKind =
  | 'rate_limited'
  | 'daily_limit'
  | 'unknown_symbol'
  | 'refused'
  | 'malformed'
  | 'timeout'
  | 'server_error';

export interface FetchFailure {
  kind: FetchFailureKind;
  /** Names the provider and what it said; never the API key. */
  message: string;
}

export type FetchResult = { ok: true; closes: DailyClose[] } | { ok: false; failure: FetchFailure };

export interface MarketDataProvider {
  readonly name: 'yahoo' | 'twelvedata' | 'alphavantage';
  /** The provider's code for a stock symbol when the stock names none of its own (`BRK.B` → `BRK-B` on Yahoo). */
  deriveSymbol(symbol: string): string;
  /** The daily closes of `providerSymbol` from `from` (YYYY-MM-DD, inclusive) to today, oldest first. */
  fetchDailyCloses(providerSymbol: string, from: string): Promise<FetchResult>;
  /**
   * The daily rates of one `base` in `quote` (major ISO codes) from `from` (inclusive) to today, oldest first; the
   * provider's own pair code is the adapter's business (`EURUSD=X` on Yahoo). A rate <= 0 is malformed.
   */
  fetchDailyRates(base: string, quote: string, from: string): Promise<FetchResult>;
}

/** What the market-data use cases are given by the composition root. */
export interface MarketDataSetup {
  /** null: MARKET_DATA_PROVIDER=none, prices only by hand. */
  provider: MarketDataProvider | null;
  /** The cron expression (UTC) of the scheduled refresh. */
  schedule: string;
  /** When the schedule fires next; null without a provider. */
  nextRunAt(): Date | null;
}
