import type { JournalTrade } from '../../api/queries/journal';

const TYPES: Record<JournalTrade['type'], string> = { buy: 'Buy', sell: 'Sell', dividend: 'Dividend', split: 'Split' };

/** A trade in the person's words: "2026-01-05 · Buy · AAPL". */
export function describeTrade(trade: JournalTrade): string {
  return [trade.trade_date.slice(0, 10), TYPES[trade.type], trade.symbol].join(' · ');
}
