import type { TradeType } from '../../api/queries/trades';

/** Trade types in the person's words, in the order a form offers them. */
export const TRADE_TYPES: { value: TradeType; label: string }[] = [
  { value: 'buy', label: 'Buy' },
  { value: 'sell', label: 'Sell' },
  { value: 'dividend', label: 'Dividend' },
  { value: 'split', label: 'Split' },
];

export function tradeTypeLabel(type: TradeType): string {
  return TRADE_TYPES.find((t) => t.value === type)?.label ?? type;
}

/** Which amounts each type takes (product.md section 5); the form shows only these. */
export const FIELDS_OF: Record<TradeType, readonly ('quantity' | 'price' | 'fee' | 'amount' | 'ratio')[]> = {
  buy: ['quantity', 'price', 'fee'],
  sell: ['quantity', 'price', 'fee'],
  dividend: ['amount'],
  split: ['ratio'],
};
