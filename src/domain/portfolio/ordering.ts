import { toDay } from './dates.js';
import type { TradeRecord } from './trades.js';

type OrderFields = Pick<TradeRecord, 'tradeDate' | 'seq' | 'createdAt'>;

/** Trades in the order history applies them, each with its UTC day. */
export interface HistoryOrder<T> {
  trades: readonly T[];
  days: string[];
}

/** YYYYMMDD as a number, read digit by digit (cheaper than parsing a date). */
function dayKey(day: string): number {
  let key = 0;
  for (let k = 0; k < 10; k++) if (k !== 4 && k !== 7) key = key * 10 + (day.charCodeAt(k) - 48);
  return key;
}

function createdMs(value: string | Date | null | undefined): number {
  if (value === null || value === undefined) return Number.POSITIVE_INFINITY;
  const ms = typeof value === 'string' ? Date.parse(value) : value.getTime();
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
}

/**
 * Orders trades as history applies them: by trade day, then by creation (`seq` when given, else `createdAt`),
 * then by their position in the input, so the order is total and stable. A trade without `seq`/`createdAt`
 * sorts after the others of its day: it is the one being created. Input already in order (the usual case,
 * as the database sorts) costs one linear pass.
 */
export function orderHistory<T extends OrderFields>(input: readonly T[]): HistoryOrder<T> {
  const n = input.length;
  const days: string[] = new Array(n);
  // Days as numbers (20240131) so that sorting compares numbers, not strings.
  const dayKeys = new Int32Array(n);
  const seqs = new Float64Array(n);
  const created = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const trade = input[i] as T;
    const day = toDay(trade.tradeDate);
    days[i] = day;
    dayKeys[i] = dayKey(day);
    const seq = trade.seq;
    if (seq === null || seq === undefined) {
      seqs[i] = Number.POSITIVE_INFINITY;
      created[i] = createdMs(trade.createdAt);
    } else {
      // With a seq, createdAt is not read at all: reading a property an object lacks is slow in V8, and
      // rows with a seq often have no createdAt.
      seqs[i] = Number(seq);
      created[i] = Number.POSITIVE_INFINITY;
    }
  }
  const compare = (a: number, b: number): number => {
    const da = dayKeys[a] as number;
    const db = dayKeys[b] as number;
    if (da !== db) return da - db;
    const sa = seqs[a] as number;
    const sb = seqs[b] as number;
    if (sa !== sb) return sa < sb ? -1 : 1;
    const ca = created[a] as number;
    const cb = created[b] as number;
    if (ca !== cb) return ca < cb ? -1 : 1;
    return a - b;
  };

  let sorted = true;
  for (let i = 1; i < n && sorted; i++) sorted = compare(i - 1, i) < 0;
  if (sorted) return { trades: input, days };

  // Bucket by day (a portfolio has a few thousand distinct days), then order each day's few trades:
  // O(n + d log d) rather than a comparison sort of the whole history.
  const byDay = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const key = dayKeys[i] as number;
    const bucket = byDay.get(key);
    if (bucket === undefined) byDay.set(key, [i]);
    else bucket.push(i);
  }
  const order: number[] = [];
  for (const key of Int32Array.from(byDay.keys()).sort()) {
    const bucket = byDay.get(key) as number[];
    if (bucket.length > 1) bucket.sort(compare);
    for (const i of bucket) order.push(i);
  }
  return { trades: order.map((i) => input[i] as T), days: order.map((i) => days[i] as string) };
}

/** The trades in history order (a sorted copy). */
export function orderTrades<T extends OrderFields>(trades: readonly T[]): T[] {
  return orderHistory(trades).trades.slice();
}
