import { parseDecimal } from '../decimal.js';
import type { TradeType } from '../portfolio/trades.js';

/** The fields that make two trades the same trade for an import (product.md §12); notes do not count. */
export interface TradeIdentity {
  stockId: string;
  type: TradeType;
  quantity: string | null;
  price: string | null;
  fee: string | null;
  amount: string | null;
  ratio: string | null;
  /** `YYYY-MM-DD`, or the ISO timestamp of a trade that has a time. */
  tradeDate: string;
}

/** Decimals compared as canonical text, so "10.50" and "10.5" are the same price. */
function canonical(value: string | null): string {
  if (value === null) return '';
  return parseDecimal(value)?.toFixed() ?? value;
}

function identityKey(t: TradeIdentity): string {
  return [
    t.tradeDate,
    t.stockId,
    t.type,
    canonical(t.quantity),
    canonical(t.price),
    canonical(t.fee),
    canonical(t.amount),
    t.ratio ?? '',
  ].join('|');
}

/**
 * The trades already in a portfolio, as a multiset: each absorbs at most one identical row, so a file with two
 * identical buys imports both the first time and neither the second. The returned function claims the id of
 * an unclaimed existing trade identical to the one given, or answers null when there is none.
 */
export function duplicateIndex(
  existing: Iterable<TradeIdentity & { id: string }>,
): (trade: TradeIdentity) => string | null {
  const byKey = new Map<string, string[]>();
  for (const trade of existing) {
    const key = identityKey(trade);
    const ids = byKey.get(key);
    if (ids === undefined) byKey.set(key, [trade.id]);
    else ids.push(trade.id);
  }
  return (trade) => byKey.get(identityKey(trade))?.shift() ?? null;
}
