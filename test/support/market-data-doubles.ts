import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Local stand-ins for the market-data providers, speaking each one's real wire format (shapes recorded from the
 * providers): Yahoo Finance's chart API, Twelve Data's time_series and Alpha Vantage's TIME_SERIES_DAILY. Each
 * symbol has a series of closes and a queue of scripted faults; every request is logged.
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
  symbol: string;
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
  fault(symbol: string, ...faults: Fault[]): void;
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

function yahooAnswer(symbol: string, bars: Bar[], exchange: YahooExchange, query: Record<string, string>) {
  const from = Number(query.period1);
  const to = Number(query.period2);
  const inRange = bars
    .map((b) => ({ ...b, t: dayMs(b.date) / 1000 - exchange.gmtoffset + exchange.sessionStart }))
    .filter((b) => b.t >= from && b.t <= to);
  const meta = {
    currency: exchange.gmtoffset === TOKYO.gmtoffset ? 'JPY' : 'USD',
    symbol,
    exchangeName: exchange.gmtoffset === TOKYO.gmtoffset ? 'JPX' : 'NMS',
    instrumentType: 'EQUITY',
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
                volume: closes.map((c) => (c === null ? null : 1_000_000)),
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

function twelveDataAnswer(symbol: string, bars: Bar[], query: Record<string, string>) {
  const values = bars
    .filter((b) => b.close !== null && b.date >= (query.start_date ?? ''))
    .reverse()
    .map((b) => ({
      datetime: b.date,
      open: String(b.close),
      high: String(b.close),
      low: String(b.close),
      close: String(b.close),
      volume: '1000000',
    }));
  if (values.length === 0)
    return {
      code: 400,
      message: 'No data is available on the specified dates. Try setting different start/end dates.',
      status: 'error',
      meta: { symbol, interval: '1day', exchange: '' },
    };
  return {
    meta: {
      symbol,
      interval: '1day',
      currency: 'USD',
      exchange_timezone: 'America/New_York',
      exchange: 'NASDAQ',
      mic_code: 'XNGS',
      type: 'Common Stock',
    },
    values,
    status: 'ok',
  };
}

function alphaVantageAnswer(symbol: string, bars: Bar[], query: Record<string, string>) {
  const present = bars.filter((b) => b.close !== null).reverse();
  const shown = query.outputsize === 'full' ? present : present.slice(0, 100);
  const series: Record<string, Record<string, string>> = {};
  for (const b of shown) {
    const close = typeof b.close === 'number' ? b.close.toFixed(4) : String(b.close);
    series[b.date] = { '1. open': close, '2. high': close, '3. low': close, '4. close': close, '5. volume': '1000000' };
  }
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

function providerFault(provider: Provider, symbol: string, fault: Fault, res: ServerResponse): boolean {
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
          'Error Message':
            'Invalid API call. Please retry or visit the documentation (https://www.alphavantage.co/documentation/) for TIME_SERIES_DAILY.',
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
        Information:
          'Thank you for using Alpha Vantage! The **outputsize=full** parameter value is a premium feature for the TIME_SERIES_DAILY endpoint. You may subscribe to any of the premium plans at https://www.alphavantage.co/premium/ to instantly unlock all premium features',
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
          : url.pathname === '/query' && query.function === 'TIME_SERIES_DAILY';
    if (!expected) return send(res, 404, { error: `unexpected ${req.method} ${url.pathname}` });
    const symbol = chart !== null ? decodeURIComponent(chart[1] as string) : (query.symbol ?? '');
    requests.push({ path: url.pathname, symbol, query, at: Date.now() });

    const fault = faults.get(symbol)?.shift();
    if (fault !== undefined && providerFault(provider, symbol, fault, res)) return;
    if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.ms));

    const known = series.get(symbol);
    if (known === undefined) return providerFault(provider, symbol, { kind: 'unknown_symbol' }, res);
    const body =
      provider === 'yahoo'
        ? yahooAnswer(symbol, known.bars, known.exchange, query)
        : provider === 'twelvedata'
          ? twelveDataAnswer(symbol, known.bars, query)
          : alphaVantageAnswer(symbol, known.bars, query);
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
