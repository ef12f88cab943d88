import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Local stand-ins for the market-data providers, speaking each one's real wire format (shapes recorded from the
 * providers): Yahoo Finance's chart API, Twelve Data's time_series and Alpha Vantage's TIME_SERIES_DAILY, and the
 * same for exchange rates (Yahoo's `EURUSD=X` chart, Twelve Data's `EUR/USD` time series, Alpha Vantage's
 * FX_DAILY). Each symbol, and each pair (named `EUR/USD` whatever the provider's code), has a series of closes and
 * a queue of scripted faults; every request is logged.
 */

export type Provider = 'yahoo' | 'twelvedata' | 'alphavantage';

export interface Bar {
  date: string;
  /** A JSON number or string as the provider sends it; null is a holiday (Yahoo). */
  close: number | string | null;
}

/** A fault answers one request instead of the data; each is used once, in order. */
export type Fault =
  | { kind: 'unknown_symbol' }
  | { kind: 'html' }
  | { kind: 'server_error' }
  | { kind: 'hang' }
  | { kind: 'garbage' }
  | { kind: 'truncated' }
  /** HTTP 429 (Yahoo's plain-text "Too Many Requests"), with a Retry-After header when given. */
  | { kind: 'http_429'; retryAfter?: string }
  /** The provider's own rate-limit answer with HTTP 200: Twelve Data's code 429, Alpha Vantage's Note. */
  | { kind: 'rate_limited' }
  /** Alpha Vantage's Information (the daily limit); Twelve Data's 429 "for the day". */
  | { kind: 'daily_limit' }
  /** Alpha Vantage's Information to a free key asking for outputsize=full. */
  | { kind: 'premium_only' }
  /** The data, after a delay. */
  | { kind: 'slow'; ms: number };

export interface LoggedRequest {
  path: string;
  /** The stock's provider code, or an exchange rate's pair as `EUR/USD`. */
  symbol: string;
  /** An exchange-rate request. */
  fx: boolean;
  query: Record<string, string>;
  at: number;
}

export interface YahooExchange {
  gmtoffset: number;
  /** Seconds after local midnight at which the session is stamped (US 09:30 → 34200; Tokyo 0). */
  sessionStart: number;
  timezone: string;
  exchangeTimezoneName: string;
}

const NEW_YORK: YahooExchange = {
  gmtoffset: -18000,
  sessionStart: 34_200,
  timezone: 'EST',
  exchangeTimezoneName: 'America/New_York',
};
/** Yahoo's currency charts: stamped at midnight London time (GMT in winter, as the double keeps it). */
const LONDON_FX: YahooExchange = {
  gmtoffset: 0,
  sessionStart: 0,
  timezone: 'GMT',
  exchangeTimezoneName: 'Europe/London',
};
export const TOKYO: YahooExchange = {
  gmtoffset: 32_400,
  sessionStart: 0,
  timezone: 'JST',
  exchangeTimezoneName: 'Asia/Tokyo',
};

export interface MarketDataDouble {
  url: string;
  requests: LoggedRequest[];
  requestsFor(symbol: string): LoggedRequest[];
  setSeries(symbol: string, bars: Bar[], exchange?: YahooExchange): void;
  /** The daily rates of a pair, named `EUR/USD` (one EUR in USD); `close` is the rate. */
  setRates(pair: string, bars: Bar[]): void;
  /** Faults of a stock's provider code, or of a pair named `EUR/USD`. */
  fault(symbol: string, ...faults: Fault[]): void;
  /** The exchange-rate requests. */
  fxRequests(): LoggedRequest[];
  reset(): void;
  close(): Promise<void>;
}

const HTML =
  '<!DOCTYPE html><html><head><title>Service</title></head><body><h1>Please enable cookies</h1></body></html>';
const AV_DAILY_LIMIT =
  'Thank you for using Alpha Vantage! Our standard API rate limit is 25 requests per day. Please subscribe to any of the premium plans at https://www.alphavantage.co/premium/ to instantly remove all daily rate limits.';
const AV_NOTE =
  'Thank you for using Alpha Vantage! Our standard API call frequency is 5 calls per minute and 500 calls per day. Please visit https://www.alphavantage.co/premium/ if you would like to target a higher API call frequency.';

/** The weekdays before today (UTC), oldest first: dates a provider would have closes for. */
export function recentWeekdays(count: number, endingDaysAgo = 1): string[] {
  const days: string[] = [];
  let ms = Date.now() - endingDaysAgo * 86_400_000;
  while (days.length < count) {
    const d = new Date(ms);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) days.unshift(d.toISOString().slice(0, 10));
    ms -= 86_400_000;
  }
  return days;
}

const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', ...headers });
  res.end(text);
}

function yahooAnswer(symbol: string, bars: Bar[], exchange: YahooExchange, query: Record<string, string>, fx: boolean) {
  const from = Number(query.period1);
  const to = Number(query.period2);
  const inRange = bars
    .map((b) => ({ ...b, t: dayMs(b.date) / 1000 - exchange.gmtoffset + exchange.sessionStart }))
    .filter((b) => b.t >= from && b.t <= to);
  const meta = {
    currency: fx ? symbol.slice(3, 6) : exchange.gmtoffset === TOKYO.gmtoffset ? 'JPY' : 'USD',
    symbol,
    exchangeName: fx ? 'CCY' : exchange.gmtoffset === TOKYO.gmtoffset ? 'JPX' : 'NMS',
    instrumentType: fx ? 'CURRENCY' : 'EQUITY',
    firstTradeDate: 345479400,
    regularMarketTime: to,
    gmtoffset: exchange.gmtoffset,
    timezone: exchange.timezone,
    exchangeTimezoneName: exchange.exchangeTimezoneName,
    priceHint: 2,
    dataGranularity: '1d',
    range: '',
    validRanges: ['1d', '5d', '1mo', '3mo', '6mo', '1y', '2y', '5y', '10y', 'ytd', 'max'],
  };
  if (inRange.length === 0)
    return { chart: { result: [{ meta, indicators: { quote: [{}], adjclose: [{}] } }], error: null } };
  const closes = inRange.map((b) => b.close);
  return {
    chart: {
      result: [
        {
          meta,
          timestamp: inRange.map((b) => b.t),
          indicators: {
            quote: [
              {
                open: closes,
                high: closes,
                low: closes,
                close: closes,
                // Currencies trade no volume: Yahoo sends zeros.
                volume: closes.map((c) => (c === null ? null : fx ? 0 : 1_000_000)),
              },
            ],
            adjclose: [{ adjclose: closes }],
          },
        },
      ],
      error: null,
    },
  };
}

function twelveDataAnswer(symbol: string, bars: Bar[], query: Record<string, string>, fx: boolean) {
  const values = bars
    .filter((b) => b.close !== null && b.date >= (query.start_date ?? ''))
    .reverse()
    .map((b) => ({
      datetime: b.date,
      open: String(b.close),
      high: String(b.close),
      low: String(b.close),
      close: String(b.close),
      // Currency pairs come without a volume.
      ...(fx ? {} : { volume: '1000000' }),
    }));
  if (values.length === 0)
    return {
      code: 400,
      message: 'No data is available on the specified dates. Try setting different start/end dates.',
      status: 'error',
      meta: { symbol, interval: '1day', exchange: '' },
    };
  const meta = fx
    ? {
        symbol,
        interval: '1day',
        currency_base: CURRENCY_NAMES[symbol.slice(0, 3)] ?? symbol.slice(0, 3),
        currency_quote: CURRENCY_NAMES[symbol.slice(4, 7)] ?? symbol.slice(4, 7),
        type: 'Physical Currency',
      }
    : {
        symbol,
        interval: '1day',
        currency: 'USD',
        exchange_timezone: 'America/New_York',
        exchange: 'NASDAQ',
        mic_code: 'XNGS',
        type: 'Common Stock',
      };
  return { meta, values, status: 'ok' };
}

const CURRENCY_NAMES: Record<string, string> = {
  USD: 'US Dollar',
  EUR: 'Euro',
  GBP: 'British Pound',
  JPY: 'Japanese Yen',
  CHF: 'Swiss Franc',
};

function alphaVantageAnswer(symbol: string, bars: Bar[], query: Record<string, string>, fx: boolean) {
  const present = bars.filter((b) => b.close !== null).reverse();
  const shown = query.outputsize === 'full' ? present : present.slice(0, 100);
  const series: Record<string, Record<string, string>> = {};
  for (const b of shown) {
    // Rates come with five decimals and no volume.
    const close = typeof b.close === 'number' ? b.close.toFixed(fx ? 5 : 4) : String(b.close);
    series[b.date] = fx
      ? { '1. open': close, '2. high': close, '3. low': close, '4. close': close }
      : { '1. open': close, '2. high': close, '3. low': close, '4. close': close, '5. volume': '1000000' };
  }
  if (fx)
    return {
      'Meta Data': {
        '1. Information': 'Forex Daily Prices (open, high, low, close)',
        '2. From Symbol': query.from_symbol,
        '3. To Symbol': query.to_symbol,
        '4. Output Size': query.outputsize === 'full' ? 'Full size' : 'Compact',
        '5. Last Refreshed': present[0]?.date ?? '',
        '6. Time Zone': 'UTC',
      },
      'Time Series FX (Daily)': series,
    };
  return {
    'Meta Data': {
      '1. Information': 'Daily Prices (open, high, low, close) and Volumes',
      '2. Symbol': symbol,
      '3. Last Refreshed': present[0]?.date ?? '',
      '4. Output Size': query.outputsize === 'full' ? 'Full size' : 'Compact',
      '5. Time Zone': 'US/Eastern',
    },
    'Time Series (Daily)': series,
  };
}

function providerFault(provider: Provider, symbol: string, fx: boolean, fault: Fault, res: ServerResponse): boolean {
  const fn = fx ? 'FX_DAILY' : 'TIME_SERIES_DAILY';
  switch (fault.kind) {
    case 'unknown_symbol':
      if (provider === 'yahoo')
        send(res, 404, {
          chart: { result: null, error: { code: 'Not Found', description: 'No data found, symbol may be delisted' } },
        });
      else if (provider === 'twelvedata')
        send(res, 200, {
          code: 404,
          message: `**symbol** not found: ${symbol}. Please specify it correctly according to API Documentation.`,
          status: 'error',
          meta: { symbol, interval: '1day', exchange: '' },
        });
      else
        send(res, 200, {
          'Error Message': `Invalid API call. Please retry or visit the documentation (https://www.alphavantage.co/documentation/) for ${fn}.`,
        });
      return true;
    case 'rate_limited':
      if (provider === 'twelvedata')
        send(res, 200, {
          code: 429,
          message:
            'You have run out of API credits for the current minute. 9 API credits were used, with the current limit being 8. Wait for the next minute or consider switching to a higher tier plan at https://twelvedata.com/pricing',
          status: 'error',
        });
      else if (provider === 'alphavantage') send(res, 200, { Note: AV_NOTE });
      else send(res, 429, 'Too Many Requests\r\n');
      return true;
    case 'daily_limit':
      if (provider === 'twelvedata')
        send(res, 200, {
          code: 429,
          message:
            'You have run out of API credits for the day. 800 API credits were used, with the current limit being 800. Wait for the next day or consider switching to a higher tier plan at https://twelvedata.com/pricing',
          status: 'error',
        });
      else send(res, 200, { Information: AV_DAILY_LIMIT });
      return true;
    case 'premium_only':
      send(res, 200, {
        Information: `Thank you for using Alpha Vantage! The **outputsize=full** parameter value is a premium feature for the ${fn} endpoint. You may subscribe to any of the premium plans at https://www.alphavantage.co/premium/ to instantly unlock all premium features`,
      });
      return true;
    case 'http_429':
      send(
        res,
        429,
        'Too Many Requests\r\n',
        fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter },
      );
      return true;
    case 'html':
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(HTML);
      return true;
    case 'server_error':
      send(res, 500, { error: 'Internal Server Error' });
      return true;
    case 'garbage':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('\u0000\u00ff garbage {{');
      return true;
    case 'truncated':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"chart":{"result":[{"meta":{"currency":"USD","gmtoffset":-18000},"timestamp":[1704205800,17042');
      return true;
    case 'hang':
      // Headers and half a body, then nothing: only a client-side timeout ends it.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"chart":');
      return true;
    case 'slow':
      return false;
  }
}

export async function startMarketDataDouble(provider: Provider): Promise<MarketDataDouble> {
  const series = new Map<string, { bars: Bar[]; exchange: YahooExchange }>();
  const faults = new Map<string, Fault[]>();
  const requests: LoggedRequest[] = [];
  const open = new Set<ServerResponse>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://double');
    const query = Object.fromEntries(url.searchParams);
    const chart = /^\/v8\/finance\/chart\/([^/]+)$/.exec(url.pathname);
    const expected =
      provider === 'yahoo'
        ? chart !== null
        : provider === 'twelvedata'
          ? url.pathname === '/time_series' && query.interval === '1day'
          : url.pathname === '/query' && (query.function === 'TIME_SERIES_DAILY' || query.function === 'FX_DAILY');
    if (!expected) return send(res, 404, { error: `unexpected ${req.method} ${url.pathname}` });
    // The provider's own code: Yahoo's EURUSD=X, Twelve Data's EUR/USD, Alpha Vantage's from_symbol/to_symbol.
    const code = chart !== null ? decodeURIComponent(chart[1] as string) : (query.symbol ?? '');
    const yahooPair = /^([A-Z]{3})([A-Z]{3})=X$/.exec(code);
    const fx =
      provider === 'yahoo'
        ? yahooPair !== null
        : provider === 'twelvedata'
          ? code.includes('/')
          : query.function === 'FX_DAILY';
    const symbol =
      provider === 'yahoo' && yahooPair !== null
        ? `${yahooPair[1]}/${yahooPair[2]}`
        : provider === 'alphavantage' && fx
          ? `${query.from_symbol ?? ''}/${query.to_symbol ?? ''}`
          : code;
    requests.push({ path: url.pathname, symbol, fx, query, at: Date.now() });

    const fault = faults.get(symbol)?.shift();
    if (fault !== undefined && providerFault(provider, code, fx, fault, res)) return;
    if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.ms));

    const known = series.get(symbol);
    if (known === undefined) return providerFault(provider, code, fx, { kind: 'unknown_symbol' }, res);
    const body =
      provider === 'yahoo'
        ? yahooAnswer(code, known.bars, known.exchange, query, fx)
        : provider === 'twelvedata'
          ? twelveDataAnswer(code, known.bars, query, fx)
          : alphaVantageAnswer(code, known.bars, query, fx);
    send(res, 200, body);
  };

  const server: Server = createServer((req, res) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    requestsFor: (symbol) => requests.filter((r) => r.symbol === symbol),
    setSeries(symbol, bars, exchange = NEW_YORK) {
      series.set(symbol, { bars, exchange });
    },
    setRates(pair, bars) {
      series.set(pair, { bars, exchange: LONDON_FX });
    },
    fxRequests: () => requests.filter((r) => r.fx),
    fault(symbol, ...more) {
      faults.set(symbol, [...(faults.get(symbol) ?? []), ...more]);
    },
    reset() {
      faults.clear();
      requests.length = 0;
    },
    async close() {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
