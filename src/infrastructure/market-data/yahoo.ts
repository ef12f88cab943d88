import type { MarketDataProvider } from '../../application/market-data/ports.js';
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

const NAME = 'Yahoo Finance';
const BASE = 'https://query1.finance.yahoo.com';
/** Yahoo has no published limit; about two requests a second stays clear of its 429s. */
const PER_MINUTE = 120;
const DAY_S = 86_400;

interface Chart {
  chart?: {
    result?: Array<{
      meta?: { gmtoffset?: unknown };
      timestamp?: unknown;
      indicators?: { quote?: Array<{ close?: unknown }> };
    }> | null;
    error?: { code?: unknown; description?: unknown } | null;
  };
}

/**
 * Yahoo Finance's chart API: `GET /v8/finance/chart/{symbol}?period1&period2&interval=1d`. Each close comes with
 * the timestamp of its session; shifted by the exchange's `meta.gmtoffset` it gives the exchange's local date (a
 * Tokyo close stamped 00:00 JST is that JST day). A null close is a holiday. Exchange rates are charts as well,
 * of the symbol `EURUSD=X` (one EUR in USD), stamped on London's day.
 */
export function yahooProvider(options: AdapterOptions): MarketDataProvider {
  // Yahoo answers clients that do not look like a browser with 429s.
  const http = httpFor(NAME, options, PER_MINUTE, { 'user-agent': 'Mozilla/5.0 (compatible; StockBook)' });

  const read =
    (asked: Asked) =>
    (answer: { status: number; json: unknown }): Reading => {
      const chart = (answer.json as Chart)?.chart;
      const error = chart?.error;
      if (error) {
        const description = String(error.description ?? error.code ?? 'no reason given');
        return error.code === 'Not Found'
          ? failure('unknown_symbol', `${NAME} does not know ${asked.code}: ${description}`)
          : failure('refused', `${NAME} refused the request for ${asked.code}: ${description}`);
      }
      const result = chart?.result?.[0];
      if (answer.status !== 200 || result === undefined)
        return malformed(NAME, `HTTP ${answer.status} without chart data`);
      const offset = result.meta?.gmtoffset;
      if (typeof offset !== 'number' || !Number.isInteger(offset)) return malformed(NAME, 'no meta.gmtoffset');
      // A range without sessions comes without timestamps.
      if (result.timestamp === undefined) return { ok: true, closes: [] };
      const timestamps = result.timestamp;
      const closes = result.indicators?.quote?.[0]?.close;
      if (!Array.isArray(timestamps) || !Array.isArray(closes) || closes.length !== timestamps.length)
        return malformed(NAME, 'timestamps and closes do not match');
      if (!timestamps.every((t) => Number.isInteger(t))) return malformed(NAME, 'a timestamp is not a whole number');
      const days = timestamps.map((t: number) => new Date((t + offset) * 1000).toISOString().slice(0, 10));
      const parsed = seriesFrom(
        days.map((day, i) => [day, closes[i]]),
        asked,
      );
      return parsed === null ? malformed(NAME, `a close is not ${valueName(asked)}`) : { ok: true, closes: parsed };
    };

  const chart = (asked: Asked) => {
    const url = endpoint(options.baseUrl, BASE, `/v8/finance/chart/${encodeURIComponent(asked.code)}`);
    // A day early: exchanges east of UTC stamp their sessions on the UTC day before.
    url.searchParams.set('period1', String(Date.parse(`${asked.from}T00:00:00Z`) / 1000 - DAY_S));
    url.searchParams.set('period2', String(Math.floor(Date.now() / 1000)));
    url.searchParams.set('interval', '1d');
    return http.get(url, read(asked));
  };

  return {
    name: 'yahoo',
    // A share class after a dot (BRK.B) is written with a dash on Yahoo (BRK-B); any other suffix names an
    // exchange (7203.T, VOD.L) and is kept.
    deriveSymbol: (symbol) => symbol.replace(/\.([A-C])$/, '-$1'),
    fetchDailyCloses: (symbol, from) => chart({ code: symbol, from, series: 'closes' }),
    fetchDailyRates: (base, quote, from) => chart({ code: `${base}${quote}=X`, from, series: 'rates' }),
  };
}
