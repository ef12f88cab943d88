/**
 * A deterministic portfolio for the trading benchmark: `trades` trades over `stocks` stocks, at most one
 * trade per stock and day (so that no same-day ordering question arises), never selling more than is
 * held, with dividends and a few 2:1 splits; a price history per stock; monthly balances. Quantities are
 * whole shares, so the expected final quantity per stock is exact and checks the seeding afterwards.
 */

import { GICS_SECTORS } from '../../src/domain/gics.js';

export interface GeneratedStock {
  symbol: string;
  companyName: string;
  sector: string;
}

export type TradeType = 'buy' | 'sell' | 'dividend' | 'split';

/** One trade with the wire names of product.md section 10 (decimals as strings). */
export interface GeneratedTrade {
  stockIndex: number;
  type: TradeType;
  quantity: string | null;
  price: string | null;
  fee: string | null;
  amount: string | null;
  ratio: string | null;
  trade_date: string;
}

export interface GeneratedBalance {
  date: string;
  final_balance: string;
  deposits: string;
  withdrawals: string;
  index_change: string;
}

export interface GeneratedPortfolio {
  stocks: GeneratedStock[];
  /** In history order: by date, then stock. */
  trades: GeneratedTrade[];
  /** Per stock: the closes of the last `priceDays` weekdays. */
  prices: { date: string; close: string }[][];
  balances: GeneratedBalance[];
  /** Per stock: the quantity held after every trade. */
  finalQuantity: number[];
  firstDate: string;
  lastDate: string;
  counts: Record<TradeType, number>;
}

export interface GenerateOptions {
  trades: number;
  stocks: number;
  priceDays: number;
  /** Without a place to store a split ratio, no splits are generated. */
  splits: boolean;
  /** The last trade and price day (a weekday on or before it); default: yesterday (UTC). */
  endDate?: Date;
  seed?: number;
}

const SECTORS = GICS_SECTORS.map((s) => s.name);

/** mulberry32: small, fast and reproducible (the same seed gives the same sequence in every run). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const day = (date: Date) => date.toISOString().slice(0, 10);

/** `count` weekdays ending on or before `end`, oldest first. */
function weekdaysUntil(end: Date, count: number): string[] {
  const days: string[] = [];
  const cursor = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), end.getUTCDate()));
  while (days.length < count) {
    const weekday = cursor.getUTCDay();
    if (weekday !== 0 && weekday !== 6) days.push(day(cursor));
    cursor.setUTCDate(cursor.getUTCDate() - 1);
  }
  return days.reverse();
}

const money = (value: number) => value.toFixed(2);

export function generatePortfolio(options: GenerateOptions): GeneratedPortfolio {
  const rand = random(options.seed ?? 20240601);
  const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
  const end = options.endDate ?? new Date(Date.now() - 24 * 3600 * 1000);
  const perStock = Math.ceil(options.trades / options.stocks);
  const days = weekdaysUntil(end, Math.max(1250, Math.ceil(perStock * 1.5), options.priceDays));

  const stocks: GeneratedStock[] = Array.from({ length: options.stocks }, (_, i) => ({
    symbol: `T${String(i).padStart(4, '0')}`,
    companyName: `Trading Bench ${i}`,
    sector: SECTORS[i % SECTORS.length] as string,
  }));

  const counts: Record<TradeType, number> = { buy: 0, sell: 0, dividend: 0, split: 0 };
  const byStock: GeneratedTrade[][] = [];
  const finalQuantity: number[] = [];
  const lastPrice: number[] = [];
  for (let s = 0; s < options.stocks; s++) {
    const n = Math.floor(options.trades / options.stocks) + (s < options.trades % options.stocks ? 1 : 0);
    // n distinct day indices: a partial Fisher-Yates shuffle of all days, then sorted.
    const pool = Array.from({ length: days.length }, (_, i) => i);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(rand() * (pool.length - i));
      [pool[i], pool[j]] = [pool[j] as number, pool[i] as number];
    }
    const chosen = pool.slice(0, n).sort((a, b) => a - b);
    let quantity = 0;
    let price = 10 + rand() * 490;
    let split = false;
    const trades: GeneratedTrade[] = [];
    for (const index of chosen) {
      price = Math.max(1, price * (1 + (rand() - 0.49) * 0.06));
      const date = days[index] as string;
      const r = rand();
      const base = {
        stockIndex: s,
        trade_date: date,
        quantity: null,
        price: null,
        fee: null,
        amount: null,
        ratio: null,
      };
      let trade: GeneratedTrade;
      if (quantity === 0 || r < 0.5) {
        const q = int(1, 100);
        quantity += q;
        trade = { ...base, type: 'buy', quantity: String(q), price: money(price), fee: money(rand() * 10) };
      } else if (r < 0.85) {
        const q = rand() < 0.05 ? quantity : int(1, Math.min(quantity, 100));
        quantity -= q;
        trade = { ...base, type: 'sell', quantity: String(q), price: money(price), fee: money(rand() * 10) };
      } else if (r < 0.999 || split || !options.splits) {
        trade = { ...base, type: 'dividend', amount: money(Math.max(0.01, quantity * price * 0.005)) };
      } else {
        split = true;
        quantity *= 2;
        price /= 2;
        trade = { ...base, type: 'split', ratio: '2:1' };
      }
      counts[trade.type]++;
      trades.push(trade);
    }
    byStock.push(trades);
    finalQuantity.push(quantity);
    lastPrice.push(price);
  }

  const trades = byStock
    .flat()
    .sort((a, b) =>
      a.trade_date === b.trade_date ? a.stockIndex - b.stockIndex : a.trade_date < b.trade_date ? -1 : 1,
    );

  const priceDays = days.slice(-options.priceDays);
  const prices = lastPrice.map((last) => {
    let close = last;
    return priceDays.map((date) => {
      close = Math.max(1, close * (1 + (rand() - 0.5) * 0.04));
      return { date, close: money(close) };
    });
  });

  // The last weekday of each month: a closing balance with occasional deposits, and the index's change.
  const balances: GeneratedBalance[] = [];
  let balance = 100_000;
  days.forEach((date, i) => {
    const next = days[i + 1];
    if (next !== undefined && next.slice(0, 7) === date.slice(0, 7)) return;
    const deposits = rand() < 0.3 ? int(1, 20) * 500 : 0;
    const change = (rand() - 0.45) * 0.08;
    balance = balance * (1 + change) + deposits;
    balances.push({
      date,
      final_balance: money(balance),
      deposits: money(deposits),
      withdrawals: '0.00',
      index_change: ((rand() - 0.45) * 6).toFixed(2),
    });
  });

  return {
    stocks,
    trades,
    prices,
    balances,
    finalQuantity,
    firstDate: trades[0]?.trade_date ?? days[0] ?? '',
    lastDate: days[days.length - 1] ?? '',
    counts,
  };
}
