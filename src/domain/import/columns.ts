import { ValidationError } from '../errors.js';

/** What an import reads from a row; every other column of a file is ignored. */
export const IMPORT_FIELDS = [
  'date',
  'symbol',
  'type',
  'quantity',
  'price',
  'fee',
  'amount',
  'ratio',
  'note',
  'currency',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** The header names of product.md §12 (Ghostfolio's, and StockBook's own export), matched case-insensitively. */
export const COLUMN_ALIASES: Readonly<Record<ImportField, readonly string[]>> = {
  date: ['Date'],
  symbol: ['Code', 'Symbol', 'Ticker'],
  type: ['Action', 'Type'],
  quantity: ['Quantity', 'Shares'],
  price: ['Price', 'UnitPrice'],
  fee: ['Fee', 'Commission'],
  amount: ['Amount'],
  ratio: ['Ratio'],
  note: ['Note', 'Comment'],
  currency: ['Currency'],
};

const FIELD_OF_HEADER = new Map<string, ImportField>(
  IMPORT_FIELDS.flatMap((field) => COLUMN_ALIASES[field].map((alias) => [alias.toLowerCase(), field] as const)),
);

/** Where each field is in a row: its column index. */
export type ColumnMap = Partial<Record<ImportField, number>>;

/** One row of a file, reduced to the fields an import reads (absent when the file has no such column). */
export type ImportRecord = Partial<Record<ImportField, string>> & {
  /** The line of the file where the row starts (the header is line 1), or the activity's position in JSON. */
  line: number;
  /** Values that were not text or numbers (a JSON object where a quantity belongs, ...). */
  problems?: string[];
};

/**
 * Finds the columns by header name. A file without a Date or a symbol column cannot be read as a whole, nor
 * one that gives a field twice (Code and Symbol both): which one to believe would be a guess.
 */
export function resolveColumns(header: readonly string[]): ColumnMap {
  const columns: ColumnMap = {};
  const names: Partial<Record<ImportField, string>> = {};
  header.forEach((raw, index) => {
    const name = raw.trim();
    const field = FIELD_OF_HEADER.get(name.toLowerCase());
    if (field === undefined) return;
    if (columns[field] !== undefined) {
      const message = `the columns '${names[field]}' and '${name}' both give the ${field}: keep one of them`;
      throw new ValidationError([{ field: 'header', message }], `The file cannot be imported: ${message}`);
    }
    columns[field] = index;
    names[field] = name;
  });
  const missing: string[] = [];
  if (columns.date === undefined) missing.push('no Date column');
  if (columns.symbol === undefined) missing.push('no symbol column (Code, Symbol or Ticker)');
  if (missing.length > 0)
    throw new ValidationError(
      [{ field: 'header', message: `The header (line 1) has ${missing.join(' and ')}` }],
      `The file cannot be imported: its header has ${missing.join(' and ')}`,
    );
  return columns;
}

/** A row's fields by name; a column the row is too short for reads as absent. */
export function recordOf(columns: ColumnMap, fields: readonly string[], line: number): ImportRecord {
  const record: ImportRecord = { line };
  for (const field of IMPORT_FIELDS) {
    const index = columns[field];
    if (index !== undefined && index < fields.length) record[field] = fields[index];
  }
  return record;
}
