import type { FetchResult, MarketDataProvider } from '../../application/market-data/ports.js';
import { dayNumber, MS_PER_DAY } from '../../domain/portfolio/dates.js';
import { type AdapterOptions, closesFrom, endpoint, failure, httpFor, malformed, type Reading } from './http.js';

const NAME = 'Alpha Vantage';
const BASE = 'https://www.alphavantage.co';
/** The free tier: 5 requests a minute (and 25 a day). */
const PER_MINUTE = 5;
/** `compact` holds the latest 100 sessions, about 140 calendar days. */
const COMPACT_DAYS = 140;

type DailySeries = Record<string, { '4. close'?: unknown } | undefined>;

interface Answer {
  'Time Series (Daily)'?: DailySeries;
  Note?: unknown;
  Information?: unknown;
  'Error Message'?: unknown;
}

/**
 * Alpha Vantage's `GET /query?function=TIME_SERIES_DAILY&symbol&outputsize&apikey`, always with HTTP 200: the
 * `Time Series (Daily)` object keyed by date, or `Note` (the per-minute limit: wait and retry), `Information` (the
 * daily limit: the run ends) or `Error Message` (an unknown symbol).
 */
export function alphaVantageProvider(options: AdapterOptions): MarketDataProvider {
  const http = httpFor(NAME, options, PER_MINUTE);

  const read =
    (symbol: string, from: string) =>
    (answer: { json: unknown }): Reading => {
      const body = answer.json as Answer;
      if (body?.['Error Message'] !== undefined)
        return failure('unknown_symbol', `${NAME} does not know ${symbol}: ${String(body['Error Message'])}`);
      if (body?.Note !== undefined) return { retry: true, retryAfterSeconds: null, message: String(body.Note) };
      if (body?.Information !== undefined) return failure('daily_limit', `${NAME}: ${String(body.Information)}`);
      const series = body?.['Time Series (Daily)'];
      if (series === null || typeof series !== 'object') return malformed(NAME, 'no Time Series (Daily)');
      const closes = closesFrom(
        Object.entries(series).map(([date, day]) => [date, day?.['4. close']]),
        from,
      );
      return closes === null ? malformed(NAME, 'a day has no valid "4. close"') : { ok: true, closes };
    };

  const fetchSize = (symbol: string, from: string, size: 'compact' | 'full'): Promise<FetchResult> => {
    const url = endpoint(options.baseUrl, BASE, '/query');
    url.searchParams.set('function', 'TIME_SERIES_DAILY');
    url.searchParams.set('symbol', symbol);
    url.searchParams.set('outputsize', size);
    url.searchParams.set('apikey', options.apiKey ?? '');
    return http.get(url, read(symbol, from));
  };

  return {
    name: 'alphavantage',
    // Alpha Vantage takes StockBook's symbols as they are; other exchanges need provider_symbol (TSCO.LON).
    deriveSymbol: (symbol) => symbol,
    async fetchDailyCloses(symbol, from) {
      const compact = dayNumber(from) * MS_PER_DAY >= Date.now() - COMPACT_DAYS * MS_PER_DAY;
      if (compact) return fetchSize(symbol, from, 'compact');
      const full = await fetchSize(symbol, from, 'full');
      // A free key may not ask for the full history ("outputsize=full is a premium feature"): take what it may.
      if (!full.ok && full.failure.kind === 'daily_limit' && /outputsize/i.test(full.failure.message))
        return fetchSize(symbol, from, 'compact');
      return full;
    },
  };
}
