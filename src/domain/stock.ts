import { parseTradingCurrency, TRADING_CURRENCY_MESSAGE } from './currency/currencies.js';
import { ConflictError, FieldErrors } from './errors.js';
import { canonicalSector, findIndustryGroup } from './gics.js';
import { notesText, optionalText, textLength } from './text.js';

/** A stock as the domain sees it; every rule of product.md section 5 "Stocks" lives in this file. */
export interface StockFields {
  symbol: string;
  companyName: string | null;
  sector: string | null;
  industryGroup: string | null;
  grade: string | null;
  notes: string;
  /** The market-data provider's own code for the stock (`BRK-B` for BRK.B on Yahoo); null: derived from the symbol. */
  providerSymbol: string | null;
  /** The trading currency (product.md §14): its prices and its trades' price, fee and amount are in it. */
  currency: string;
}

/** Input of a create or update: `undefined` = omitted (unchanged), `null` = clear. */
export type StockPatch = { [K in keyof StockFields]?: string | null };

export const SYMBOL_PATTERN = /^[A-Z0-9]{1,10}([.-][A-Z0-9]{1,5})?$/;
export const GRADES = ['A', 'B', 'C', 'D', 'F'] as const;
/**
 * Providers' codes: letters, digits and the punctuation they use (`BRK-B`, `7203.T`, `7203:TSE`, `^GSPC`,
 * `EURUSD=X`), with at least one letter or digit (`..` would name another path of the provider's address).
 */
const PROVIDER_SYMBOL_PATTERN = /^(?=.*[A-Za-z0-9])[A-Za-z0-9.:^=_/-]{1,40}$/;
const MAX_COMPANY_NAME = 200;
const MAX_NOTES = 1000;

/** Upper-cased and trimmed, as stored and compared (so " aapl " and "AAPL" are the same stock). */
export function normalizeSymbol(symbol: string): string {
  return symbol.trim().toUpperCase();
}

/** A new stock; without a currency of its own it trades in `defaultCurrency` (the household's base currency). */
export function createStock(input: StockPatch, defaultCurrency: string): StockFields {
  const empty: StockFields = {
    symbol: '',
    companyName: null,
    sector: null,
    industryGroup: null,
    grade: null,
    notes: '',
    providerSymbol: null,
    currency: defaultCurrency,
  };
  return applyStockPatch(empty, { ...input, symbol: input.symbol ?? null }, true);
}

export function updateStock(current: StockFields, patch: StockPatch): StockFields {
  return applyStockPatch(current, patch, false);
}

function applyStockPatch(current: StockFields, patch: StockPatch, creating: boolean): StockFields {
  const errors = new FieldErrors();
  const next: StockFields = { ...current };

  if (patch.symbol !== undefined || creating) {
    const symbol = patch.symbol === null || patch.symbol === undefined ? '' : normalizeSymbol(patch.symbol);
    if (symbol === '') errors.add('symbol', 'Symbol is required');
    else if (!SYMBOL_PATTERN.test(symbol))
      errors.add('symbol', 'Symbol must be 1-10 letters or digits, optionally followed by . or - and 1-5 more');
    next.symbol = symbol;
  }

  const companyName = optionalText(patch.companyName);
  if (companyName !== undefined) {
    if (companyName !== null && textLength(companyName) > MAX_COMPANY_NAME)
      errors.add('company_name', `Company name must be at most ${MAX_COMPANY_NAME} characters`);
    next.companyName = companyName;
  }

  const sectorText = optionalText(patch.sector);
  if (sectorText !== undefined) {
    const sector = sectorText === null ? null : canonicalSector(sectorText);
    if (sectorText !== null && sector === null) errors.add('sector', `Unknown sector '${sectorText}'`);
    next.sector = sector;
  }

  const groupText = optionalText(patch.industryGroup);
  if (groupText !== undefined) {
    const group = groupText === null ? null : findIndustryGroup(groupText);
    if (groupText !== null && group === null) errors.add('industry_group', `Unknown industry group '${groupText}'`);
    next.industryGroup = group?.name ?? null;
  } else if (next.sector !== current.sector && next.industryGroup !== null) {
    // Changing the sector without naming a group drops a group that no longer fits.
    if (next.sector === null || findIndustryGroup(next.industryGroup)?.sector !== next.sector)
      next.industryGroup = null;
  }

  if (next.industryGroup !== null && (groupText !== undefined || sectorText !== undefined)) {
    const owner = findIndustryGroup(next.industryGroup)?.sector;
    if (next.sector === null) errors.add('industry_group', 'An industry group needs a sector');
    else if (owner !== undefined && owner !== next.sector)
      errors.add('industry_group', `Industry group '${next.industryGroup}' belongs to sector '${owner}'`);
  }

  const gradeText = optionalText(patch.grade);
  if (gradeText !== undefined) {
    const grade = gradeText === null ? null : gradeText.toUpperCase();
    if (grade !== null && !(GRADES as readonly string[]).includes(grade))
      errors.add('grade', 'Grade must be one of A, B, C, D, F');
    next.grade = grade;
  }

  const notes = notesText(patch.notes);
  if (notes !== undefined) {
    if (textLength(notes) > MAX_NOTES) errors.add('notes', `Notes must be at most ${MAX_NOTES} characters`);
    next.notes = notes;
  }

  const providerSymbol = optionalText(patch.providerSymbol);
  if (providerSymbol !== undefined) {
    if (providerSymbol !== null && !PROVIDER_SYMBOL_PATTERN.test(providerSymbol))
      errors.add(
        'provider_symbol',
        'Provider symbol must be 1-40 letters, digits or . : ^ = _ / - (the code the market-data provider uses)',
      );
    next.providerSymbol = providerSymbol;
  }

  if (patch.currency !== undefined) {
    const currency = parseTradingCurrency(patch.currency);
    if (currency === null) errors.add('currency', `Currency ${TRADING_CURRENCY_MESSAGE}`);
    else next.currency = currency;
  }

  errors.throwIfAny();
  return next;
}

export function duplicateSymbol(symbol: string): ConflictError {
  return new ConflictError(`A stock with symbol ${symbol} already exists`, [
    { field: 'symbol', message: 'already exists in this household' },
  ]);
}
