/**
 * Times the replay and the analytics chain on a generated portfolio of 100,000 trades over 500 stocks, the
 * size of product.md §9's budget. A measurement, not a test: `npx tsx test/unit/portfolio/replay-timing.ts`.
 * Decimal columns are given as the text PostgreSQL returns for an unconstrained NUMERIC (what was stored:
 * "37", "123.4567", "4.20"), rows as one object literal each with every field present, as a repository maps them.
 */
import { computeAnalytics, type StockProfile } from '../../../src/domain/portfolio/analytics.js';
import { type CostBasisMethod, replay, sellRefusal, validateHistory } from '../../../src/domain/portfolio/holdings.js';
import { type BalanceRow, computePerformance, mwrValuationDate } from '../../../src/domain/portfolio/performance.js';
import type { TradeRecord } from '../../../src/domain/portfolio/trades.js';
import { type PriceQuote, valueHoldings } from '../../../src/domain/portfolio/valuation.js';
import { formatAnalytics, formatHoldings } from '../../../src/domain/portfolio/wire.js';
import { reportSameCurrency } from './helpers.js';

const TRADES = 100_000;
const STOCKS = 500;
const DAYS = 2_500; // about ten years of trading days

/** mulberry32: a small deterministic generator for the test data only (the numbers become decimal text at once). */
let seed = 20_240_601;
function random(): number {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
}
const numeric = (value: number, places: number) => value.toFixed(places);
const dayText = (day: number) => new Date(Date.UTC(2015, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);

/** A row as the application would map it from the database: one object literal, every field present. */
function row(
  i: number,
  stockId: string,
  tradeDate: string,
  type: TradeRecord['type'],
  quantity: string | null,
  price: string | null,
  fee: string | null,
  amount: string | null,
  ratio: string | null,
): TradeRecord {
  return {
    id: `trade-${i}`,
    stockId,
    type,
    quantity,
    price,
    fee,
    amount,
    ratio,
    tradeDate,
    seq: i + 1,
    createdAt: null,
  };
}

function generate(): TradeRecord[] {
  const held = new Array<number>(STOCKS).fill(0);
  const trades: TradeRecord[] = [];
  for (let i = 0; i < TRADES; i++) {
    const s = Math.floor(random() * STOCKS);
    const stockId = `stock-${s}`;
    const tradeDate = dayText(Math.floor((i * DAYS) / TRADES));
    const r = random();
    const price = numeric(5 + random() * 300, 4);
    const fee = numeric(1 + random() * 9, 2);
    if (r < 0.35 && (held[s] as number) > 0) {
      const quantity = 1 + Math.floor(random() * (held[s] as number));
      held[s] = (held[s] as number) - quantity;
      trades.push(row(i, stockId, tradeDate, 'sell', numeric(quantity, 0), price, fee, null, null));
    } else if (r < 0.4) {
      trades.push(row(i, stockId, tradeDate, 'dividend', null, null, null, numeric(random() * 50, 2), null));
    } else if (r < 0.402) {
      held[s] = (held[s] as number) * 2;
      trades.push(row(i, stockId, tradeDate, 'split', null, null, null, null, '2:1'));
    } else {
      const quantity = 1 + Math.floor(random() * 100);
      held[s] = (held[s] as number) + quantity;
      trades.push(row(i, stockId, tradeDate, 'buy', numeric(quantity, 0), price, fee, null, null));
    }
  }
  return trades;
}

/**
 * Wall-clock time per run (min and median), and the process CPU time of the fastest run: on a busy machine
 * the CPU time shows what the code costs without waiting for a core (it includes the GC's helper threads).
 */
function time<T>(label: string, runs: number, run: () => T): T {
  let result = run(); // warm-up
  const samples: number[] = [];
  let cpu = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    result = run();
    const used = process.cpuUsage(cpuStart);
    samples.push(performance.now() - start);
    cpu = Math.min(cpu, (used.user + used.system) / 1000);
  }
  samples.sort((a, b) => a - b);
  const pick = (q: number) =>
    (samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] as number).toFixed(1);
  console.log(`${label.padEnd(52)} min ${pick(0)} ms  median ${pick(0.5)} ms  (cpu min ${cpu.toFixed(1)} ms)`);
  return result;
}

const trades = generate();
const quotes = new Map<string, PriceQuote>(
  Array.from({ length: STOCKS }, (_, s) => [
    `stock-${s}`,
    { price: numeric(5 + random() * 300, 4), date: dayText(DAYS) },
  ]),
);
const stocks = new Map<string, StockProfile>(
  Array.from({ length: STOCKS }, (_, s) => [
    `stock-${s}`,
    { symbol: `S${s}`, sector: s % 7 === 0 ? null : `Sector ${s % 11}`, industryGroup: `Group ${s % 23}` },
  ]),
);
let balance = 100_000;
const balances: BalanceRow[] = Array.from({ length: DAYS }, (_, day) => {
  balance *= 0.98 + random() * 0.0405;
  return {
    date: dayText(day),
    finalBalance: numeric(balance, 2),
    deposits: day % 30 === 0 ? '1000.00' : '0',
    indexChange: numeric(random() * 4 - 2, 2),
  };
});

const sample = replay(trades, 'fifo', { lots: true });
const openLots = sample.ok ? sample.holdings.reduce((n, h) => n + (h.lots?.length ?? 0), 0) : 0;
console.log(
  `${TRADES} trades over ${STOCKS} stocks (${openLots} open FIFO lots), ${DAYS} balance rows; node ${process.version}`,
);
const shuffled = trades.slice().sort(() => random() - 0.5);
// Creating a back-dated trade: the stored history plus the new trade (no seq: last on its day).
const created: TradeRecord = { ...(trades[1_000] as TradeRecord), id: 'new', seq: null };
time('validateHistory (stored history + a back-dated trade)', 15, () => validateHistory([...trades, created]));
for (const method of ['average', 'fifo'] as CostBasisMethod[]) {
  time(`replay ${method} (trades in order)`, 15, () => replay(trades, method));
  time(`replay ${method} + cash flows`, 15, () => replay(trades, method, { cashFlows: true }));
  if (method === 'fifo') time('replay fifo + open lots', 15, () => replay(trades, method, { lots: true }));
  time(`replay ${method} (shuffled input: sorted first)`, 5, () => replay(shuffled, method));
  time(`holdings: replay + value + format (${method})`, 15, () => {
    const result = replay(trades, method, { lots: method === 'fifo' });
    if (!result.ok) throw new Error(sellRefusal(result.violation, result.violation.stockId));
    return formatHoldings(reportSameCurrency(result.holdings, quotes), (id) => stocks.get(id)?.symbol ?? id, []);
  });
  time(`analytics: replay + value + performance (${method})`, 15, () => {
    const result = replay(trades, method, { cashFlows: true, lots: method === 'fifo' });
    if (!result.ok) throw new Error(sellRefusal(result.violation, result.violation.stockId));
    const valued = valueHoldings(result.holdings, quotes);
    const performance = computePerformance({
      balances,
      cashFlows: result.cashFlows,
      marketValue: valued.totals.marketValue,
      valuationDate: mwrValuationDate(valued.items, result.lastTradeDate),
    });
    return formatAnalytics(computeAnalytics({ holdings: valued.items, stocks, performance }), 'USD');
  });
}
