import type { FetchResult, MarketDataProvider } from '../../application/market-data/ports.js';
import { dayNumber, MS_PER_DAY } from '../../domain/portfolio/dates.js';
import {
  type AdapterOptions,
  type Asked,
  endpoint,
  failure,
  httpFor,
  malformed,
  type Reading,
  seriesFrom,
  valueName,
} from './http.js';

const NAME = 'Alpha Vantage';
const BASE = 'https://www.alphavantage.co';
/** The free tier: 5 requests a minute (and 25 a day). */
const PER_MINUTE = 5;
/** `compact` holds the latest 100 sessions, about 140 calendar days. */
const COMPACT_DAYS = 140;

type DailySeries = Record<string, { '4. close'?: unknown } | undefined>;

type Answer = Record<string, unknown> & {
  Note?: unknown;
  Information?: unknown;
  'Error Message'?: unknown;
};

/** One of Alpha Vantage's daily functions: its query parameters and the key its series comes under. */
interface DailyFunction {
  params: Record<string, string>;
  seriesKey: 'Time Series (Daily)' | 'Time Series FX (Daily)';
}

/**
 * Alpha Vantage's `GET /query?function=TIME_SERIES_DAILY&symbol&outputsize&apikey` (closes) and
 * `function=FX_DAILY&from_symbol&to_symbol&outputsize&apikey` (exchange rates), always with HTTP 200: the
 * `Time Series (Daily)` or `Time Series FX (Daily)` object keyed by date, or `Note` (the per-minute limit: wait
 * and retry), `Information` (the daily limit: the run ends) or `Error Message` (an unknown symbol or pair).
 */
export function alphaVantageProvider(options: AdapterOptions): MarketDataProvider {
  const http = httpFor(NAME, options, PER_MINUTE);

  const read =
    (asked: Asked, seriesKey: DailyFunction['seriesKey']) =>
    (answer: { json: unknown }): Reading => {
      const body = answer.json as Answer | null;
      if (body?.['Error Message'] !== undefined)
        return failure('unknown_symbol', `${NAME} does not know ${asked.code}: ${String(body['Error Message'])}`);
      if (body?.Note !== undefined) return { retry: true, retryAfterSeconds: null, message: String(body.Note) };
      if (body?.Information !== undefined) return failure('daily_limit', `${NAME}: ${String(body.Information)}`);
      const series = body?.[seriesKey] as DailySeries | undefined;
      if (series === null || typeof series !== 'object' || Array.isArray(series))
        return malformed(NAME, `no ${seriesKey}`);
      const closes = seriesFrom(
        Object.entries(series).map(([date, day]) => [date, day?.['4. close']]),
        asked,
      );
      return closes === null ? malformed(NAME, `a day's "4. close" is not ${valueName(asked)}`) : { ok: true, closes };
    };

  const fetchSize = (fn: DailyFunction, asked: Asked, size: 'compact' | 'full'): Promise<FetchResult> => {
    const url = endpoint(options.baseUrl, BASE, '/query');
    for (const [name, value] of Object.entries(fn.params)) url.searchParams.set(name, value);
    url.searchParams.set('outputsize', size);
    url.searchParams.set('apikey', options.apiKey ?? '');
    return http.get(url, read(asked, fn.seriesKey));
  };

  const daily = async (fn: DailyFunction, asked: Asked): Promise<FetchResult> => {
    const compact = dayNumber(asked.from) * MS_PER_DAY >= Date.now() - COMPACT_DAYS * MS_PER_DAY;
    if (compact) return fetchSize(fn, asked, 'compact');
    const full = await fetchSize(fn, asked, 'full');
    // A free key may not ask for the full history ("outputsize=full is a premium feature"): take what it may.
    if (!full.ok && full.failure.kind === 'daily_limit' && /outputsize/i.test(full.failure.message))
      return fetchSize(fn, asked, 'compact');
    return full;
  };

  return {
    name: 'alphavantage',
    // Alpha Vantage takes StockBook's symbols as they are; other exchanges need provider_symbol (TSCO.LON).
    deriveSymbol: (symbol) => symbol,
    fetchDailyCloses: (symbol, from) =>
      daily(
        { params: { function: 'TIME_SERIES_DAILY', symbol }, seriesKey: 'Time Series (Daily)' },
        { code: symbol, from, series: 'closes' },
      ),
    fetchDailyRates: (base, quote, from) =>
      daily(
        {
          params: { function: 'FX_DAILY', from_symbol: base, to_symbol: quote },
          seriesKey: 'Time Series FX (Daily)',
        },
        { code: `${base}/${quote}`, from, series: 'rates' },
      ),
  };
}
