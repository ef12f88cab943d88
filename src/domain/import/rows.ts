import { parseTradingCurrency, TRADING_CURRENCY_MESSAGE } from '../currency/currencies.js';
import { parseDecimal } from '../decimal.js';
import { storedValues, TRADE_TYPES, type TradeDraft, type TradeType, validateTrade } from '../portfolio/trades.js';
import { normalizeSymbol, SYMBOL_PATTERN } from '../stock.js';
import type { ImportRecord } from './columns.js';
import { IMPORT_DATE_FORMATS, parseImportDate } from './dates.js';
import { unescapeFormula } from './formula.js';

/** Ghostfolio's activity types that are no trade of a stock: reported and skipped, not refused. */
const SKIPPED_TYPES: readonly string[] = ['fee', 'interest', 'item', 'liability'];

/** A row's trade as it will be stored: decimals as canonical text (compact for files of 100,000 rows). */
export interface ImportedTrade {
  type: TradeType;
  quantity: string | null;
  price: string | null;
  fee: string | null;
  amount: string | null;
  ratio: string | null;
  /** `YYYY-MM-DD`, or an ISO 8601 UTC timestamp. */
  tradeDate: string;
  notes: string;
}

/** What the report says of every row, whatever its fate. */
export interface RowFacts {
  line: number;
  symbol: string | null;
  type: string | null;
  tradeDate: string | null;
}

export type ParsedRow =
  | (RowFacts & {
      kind: 'trade';
      symbol: string;
      trade: ImportedTrade;
      /** The stock's trading currency as the row names it (canonical: `GBX` is `GBp`), or null when it names none. */
      currency: string | null;
    })
  | (RowFacts & { kind: 'skipped' | 'error'; message: string });

/** The wire names of validateTrade's fields, as the columns a person sees in the file. */
const COLUMN_OF: Record<string, string> = {
  type: 'Type',
  trade_date: 'Date',
  quantity: 'Quantity',
  price: 'Price',
  fee: 'Fee',
  amount: 'Amount',
  ratio: 'Ratio',
  notes: 'Note',
};
const SHOWN = 40;

const present = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';
const shown = (text: string): string => (text.length > SHOWN ? `${text.slice(0, SHOWN)}…` : text);
const isZero = (value: string): boolean => parseDecimal(value)?.isZero() === true;

/** A dividend's cash: the Amount column, else Quantity × Price as Ghostfolio's files give it. */
function dividendAmount(record: ImportRecord, problems: string[]): { amount?: string; derived: boolean } {
  if (present(record.amount)) return { amount: record.amount, derived: false };
  if (!present(record.quantity) && !present(record.price)) return { derived: false };
  const quantity = parseDecimal(record.quantity);
  const price = parseDecimal(record.price);
  if (quantity === null)
    problems.push('Quantity must be a decimal number (a dividend without Amount is Quantity × Price)');
  if (price === null) problems.push('Price must be a decimal number (a dividend without Amount is Quantity × Price)');
  if (quantity === null || price === null) return { derived: true };
  return { amount: quantity.times(price).toFixed(), derived: true };
}

/** The draft validateTrade checks: the fields of the row's type (a zero or blank fee on a dividend or split is no fee). */
function draftOf(type: TradeType, record: ImportRecord, tradeDate: string | null, problems: string[]) {
  const value = (text: string | undefined) => (present(text) ? text : undefined);
  const draft: TradeDraft = {
    type,
    tradeDate: tradeDate ?? undefined,
    notes: present(record.note) ? unescapeFormula(record.note.trim()) : undefined,
    ratio: value(record.ratio),
  };
  let derived = false;
  if (type === 'dividend') {
    const dividend = dividendAmount(record, problems);
    draft.amount = dividend.amount;
    derived = dividend.derived;
  } else {
    draft.amount = value(record.amount);
    draft.quantity = value(record.quantity);
    draft.price = value(record.price);
  }
  draft.fee =
    type === 'buy' || type === 'sell' || !present(record.fee) || !isZero(record.fee) ? value(record.fee) : undefined;
  return { draft, derived };
}

/**
 * One row of a file read against the rules of a trade (validateTrade's, reported under the file's column
 * names) and the symbol rules of a stock; its currency must be a currency, and whether it is the stock's is
 * decided with the household's stocks (planImport). A row of an unsupported Ghostfolio type is skipped
 * whatever else it holds.
 */
export function parseImportRow(record: ImportRecord): ParsedRow {
  const rawType = present(record.type) ? record.type.trim().toLowerCase() : null;
  const rawSymbol = present(record.symbol) ? normalizeSymbol(record.symbol) : null;
  const tradeDate = present(record.date) ? parseImportDate(record.date) : null;
  const facts = {
    line: record.line,
    symbol: rawSymbol === null ? null : shown(rawSymbol),
    type: rawType === null ? null : shown(rawType),
    tradeDate,
  };
  if (rawType !== null && SKIPPED_TYPES.includes(rawType))
    return {
      ...facts,
      kind: 'skipped',
      message: `Skipped: '${rawType}' is not a trade of a stock (StockBook imports buy, sell, dividend and split)`,
    };

  // A malformed record (a JSON value of the wrong kind) is reported by what is malformed, not by what is missing.
  if (record.problems !== undefined && record.problems.length > 0)
    return { ...facts, kind: 'error', message: record.problems.join('; ') };
  const problems: string[] = [];
  if (rawSymbol === null) problems.push('Symbol is required');
  else if (!SYMBOL_PATTERN.test(rawSymbol))
    problems.push(
      `Symbol '${shown(rawSymbol)}' is not valid: 1-10 letters or digits, optionally followed by . or - and 1-5 more`,
    );
  if (!present(record.date)) problems.push('Date is required');
  else if (tradeDate === null)
    problems.push(`Date '${shown(record.date.trim())}' is not a date (${IMPORT_DATE_FORMATS})`);
  const currency = present(record.currency) ? parseTradingCurrency(record.currency) : null;
  if (present(record.currency) && currency === null)
    problems.push(`Currency '${shown(record.currency.trim())}' ${TRADING_CURRENCY_MESSAGE}`);

  let trade: ImportedTrade | null = null;
  if (rawType === null) problems.push('Type is required (buy, sell, dividend or split)');
  else if (!(TRADE_TYPES as readonly string[]).includes(rawType))
    problems.push(`Type '${shown(rawType)}' is not one of ${TRADE_TYPES.join(', ')}`);
  else {
    const { draft, derived } = draftOf(rawType as TradeType, record, tradeDate, problems);
    const result = validateTrade(draft);
    if (result.ok) {
      trade = { ...storedValues(result.trade), tradeDate: result.trade.tradeDate };
    } else {
      for (const e of result.errors) {
        // Date problems are reported above, in the file's own terms.
        if (e.field === 'trade_date') continue;
        const column = e.field === 'amount' && derived ? 'Amount (Quantity × Price)' : (COLUMN_OF[e.field] ?? e.field);
        problems.push(`${column} ${e.message}`);
      }
    }
  }
  if (problems.length > 0 || trade === null || rawSymbol === null)
    return { ...facts, kind: 'error', message: problems.join('; ') };
  return { ...facts, kind: 'trade', symbol: rawSymbol, trade, currency };
}
