import { exactDecimal } from '../decimal.js';
import { escapeFormula } from './formula.js';

/** The columns of a portfolio's CSV export, in order (product.md §12); the import reads them back. */
export const EXPORT_COLUMNS = [
  'Date',
  'Symbol',
  'Type',
  'Quantity',
  'Price',
  'Fee',
  'Amount',
  'Ratio',
  'Currency',
  'Note',
] as const;

export interface ExportedTrade {
  /** `YYYY-MM-DD`, or the full ISO timestamp of a trade that has a time. */
  tradeDate: string;
  symbol: string;
  type: string;
  quantity: string | null;
  price: string | null;
  fee: string | null;
  amount: string | null;
  ratio: string | null;
  notes: string;
}

/** Stored decimals unrounded (canonical text), so that importing the file gives back the very same trades. */
const exact = (value: string | null): string => (value === null ? '' : exactDecimal(value));

/**
 * One trade as a row of the export, with `currency` its stock's (`GBp` stays `GBp`: the import reads it back as
 * the same currency); a note that a spreadsheet would run as a formula is escaped.
 */
export function exportRow(trade: ExportedTrade, currency: string): string[] {
  return [
    trade.tradeDate,
    trade.symbol,
    trade.type,
    exact(trade.quantity),
    exact(trade.price),
    exact(trade.fee),
    exact(trade.amount),
    trade.ratio ?? '',
    currency,
    escapeFormula(trade.notes),
  ];
}
