import { type Decimal, parseDecimal, ZERO } from '../decimal.js';
import { normalizeTradeDate, toDay } from './dates.js';
import { formatSplitRatio, parseSplitRatio, type SplitRatioInput } from './split-ratio.js';
import type { DecimalInput, FieldError } from './values.js';

export const TRADE_TYPES = ['buy', 'sell', 'dividend', 'split'] as const;
export type TradeType = (typeof TRADE_TYPES)[number];

export function isTradeType(value: unknown): value is TradeType {
  return typeof value === 'string' && (TRADE_TYPES as readonly string[]).includes(value);
}

/**
 * A stored trade as the replay reads it (a database row mapped to camelCase). Decimal columns may stay text.
 * `tradeDate` is a `YYYY-MM-DD`, an ISO timestamp or a Date; only its UTC day matters for ordering. Trades of
 * the same day apply in creation order: by `seq` when given, else by `createdAt`; a trade with neither (one
 * being validated before it is stored) comes after the others of its day, which is where it will land.
 * Performance: build every record with the same object literal, every field present (null when it does not
 * apply). V8 reads a property an object lacks, or objects of many shapes, several times slower; on 100,000
 * trades that alone can double the replay time.
 */
export interface TradeRecord {
  id: string;
  stockId: string;
  type: TradeType;
  quantity?: DecimalInput | null;
  price?: DecimalInput | null;
  fee?: DecimalInput | null;
  amount?: DecimalInput | null;
  ratio?: SplitRatioInput | null;
  tradeDate: string | Date;
  seq?: number | bigint | null;
  createdAt?: string | Date | null;
}

/** A record in the one shape the replay reads fast (every field present): see TradeRecord. */
export function toTradeRecord(
  t: Pick<TradeRecord, 'id' | 'stockId' | 'type' | 'tradeDate'> & {
    quantity: DecimalInput | null;
    price: DecimalInput | null;
    fee: DecimalInput | null;
    amount: DecimalInput | null;
    ratio: SplitRatioInput | null;
    seq?: number | null;
  },
): TradeRecord {
  return {
    id: t.id,
    stockId: t.stockId,
    type: t.type,
    quantity: t.quantity,
    price: t.price,
    fee: t.fee,
    amount: t.amount,
    ratio: t.ratio,
    tradeDate: t.tradeDate,
    seq: t.seq ?? null,
  };
}

/** The fields of a trade as a request gives them, before validation (strings or numbers for decimals). */
export interface TradeDraft {
  type?: unknown;
  quantity?: unknown;
  price?: unknown;
  fee?: unknown;
  amount?: unknown;
  ratio?: unknown;
  tradeDate?: unknown;
  notes?: unknown;
}

/** A trade that passed the rules; fields that do not apply to its type are null (as in the API's answers). */
export interface ValidTrade {
  type: TradeType;
  quantity: Decimal | null;
  price: Decimal | null;
  /** Buys and sells always have a fee (0 when none was given). */
  fee: Decimal | null;
  amount: Decimal | null;
  /** Canonical text, e.g. "4:1". */
  ratio: string | null;
  /** `YYYY-MM-DD`, or a timestamp normalized to ISO 8601 UTC. */
  tradeDate: string;
  /** Trimmed; "" when absent. */
  notes: string;
}

export type TradeValidation = { ok: true; trade: ValidTrade } | { ok: false; errors: FieldError[] };

export const MAX_NOTES_LENGTH = 1000;
/**
 * Quantities, prices, fees and amounts must stay below this. Nothing in the spec sets a bound; one is needed
 * so that hostile input is refused with a 400 rather than overflowing a column, and no real trade comes near.
 */
export const MAX_TRADE_VALUE_TEXT = '1000000000000000';

/** Which decimal fields each type takes; every other decimal field must be absent. */
const FIELDS: Record<TradeType, { required: readonly DecimalField[]; optional: readonly DecimalField[] }> = {
  buy: { required: ['quantity', 'price'], optional: ['fee'] },
  sell: { required: ['quantity', 'price'], optional: ['fee'] },
  dividend: { required: ['amount'], optional: [] },
  split: { required: [], optional: [] },
};
type DecimalField = 'quantity' | 'price' | 'fee' | 'amount';
const DECIMAL_FIELDS: readonly DecimalField[] = ['quantity', 'price', 'fee', 'amount'];
/** Zero is a legal price (shares received for free) and fee; a quantity or a dividend of zero is no trade. */
const MAY_BE_ZERO: ReadonlySet<DecimalField> = new Set(['price', 'fee']);

const isAbsent = (value: unknown): boolean => value === undefined || value === null;

function checkDecimal(field: DecimalField, value: unknown, errors: FieldError[]): Decimal | null {
  const parsed = parseDecimal(value);
  if (parsed === null) {
    errors.push({ field, message: 'must be a decimal number' });
    return null;
  }
  if (MAY_BE_ZERO.has(field) ? parsed.isNegative() && !parsed.isZero() : parsed.lte(0)) {
    errors.push({ field, message: MAY_BE_ZERO.has(field) ? 'must be 0 or more' : 'must be greater than 0' });
    return null;
  }
  if (parsed.gte(MAX_TRADE_VALUE_TEXT)) {
    errors.push({ field, message: `must be less than ${MAX_TRADE_VALUE_TEXT}` });
    return null;
  }
  // "-0" parses as negative zero; store a plain zero.
  return parsed.isZero() ? ZERO : parsed;
}

/**
 * The type-specific field rules of product.md §5: buy and sell take quantity > 0, price >= 0 and an optional
 * fee >= 0; a dividend takes a cash amount > 0; a split takes a ratio such as "4:1". A field that does not
 * belong to the type is an error. `null` counts as absent, so a client may send back the nulls of an answer.
 * Every broken rule is reported (not only the first), each under its wire field name.
 */
export function validateTrade(draft: TradeDraft): TradeValidation {
  const errors: FieldError[] = [];
  const type = draft.type;
  if (!isTradeType(type)) {
    errors.push({ field: 'type', message: `must be one of ${TRADE_TYPES.join(', ')}` });
  }

  const tradeDate = checkTradeDate(draft.tradeDate, errors);
  const notes = checkNotes(draft.notes, errors);
  if (!isTradeType(type)) return { ok: false, errors };

  const rules = FIELDS[type];
  const values: Record<DecimalField, Decimal | null> = { quantity: null, price: null, fee: null, amount: null };
  for (const field of DECIMAL_FIELDS) {
    const value = draft[field];
    const allowed = rules.required.includes(field) || rules.optional.includes(field);
    if (!allowed) {
      if (!isAbsent(value)) errors.push({ field, message: `does not apply to a ${type}` });
    } else if (isAbsent(value)) {
      if (rules.required.includes(field)) errors.push({ field, message: `is required for a ${type}` });
    } else {
      values[field] = checkDecimal(field, value, errors);
    }
  }

  let ratio: string | null = null;
  if (type === 'split') {
    if (isAbsent(draft.ratio)) {
      errors.push({ field: 'ratio', message: 'is required for a split' });
    } else {
      const parsed = parseSplitRatio(draft.ratio);
      if (parsed === null) {
        errors.push({ field: 'ratio', message: 'must be a ratio such as 4:1 (two numbers greater than 0)' });
      } else {
        ratio = formatSplitRatio(parsed);
      }
    }
  } else if (!isAbsent(draft.ratio)) {
    errors.push({ field: 'ratio', message: `does not apply to a ${type}` });
  }

  if (errors.length > 0 || tradeDate === null) return { ok: false, errors };
  const fee = type === 'buy' || type === 'sell' ? (values.fee ?? ZERO) : null;
  return {
    ok: true,
    trade: {
      type,
      quantity: values.quantity,
      price: values.price,
      fee,
      amount: values.amount,
      ratio,
      tradeDate,
      notes,
    },
  };
}

function checkTradeDate(value: unknown, errors: FieldError[]): string | null {
  if (isAbsent(value)) {
    errors.push({ field: 'trade_date', message: 'is required' });
    return null;
  }
  const normalized = typeof value === 'string' ? normalizeTradeDate(value) : null;
  if (normalized === null) {
    errors.push({ field: 'trade_date', message: 'must be a date (YYYY-MM-DD) or an ISO 8601 timestamp' });
  }
  return normalized;
}

function checkNotes(value: unknown, errors: FieldError[]): string {
  if (isAbsent(value)) return '';
  if (typeof value !== 'string') {
    errors.push({ field: 'notes', message: 'must be text' });
    return '';
  }
  const trimmed = value.trim();
  // Length in code points, as the reference counts characters (an emoji is one).
  if ([...trimmed].length > MAX_NOTES_LENGTH) {
    errors.push({ field: 'notes', message: `must be at most ${MAX_NOTES_LENGTH} characters` });
  }
  return trimmed;
}

/** A valid trade's values as they are stored: decimals as canonical text, fields that do not apply null. */
export function storedValues(t: ValidTrade) {
  return {
    type: t.type,
    quantity: t.quantity?.toFixed() ?? null,
    price: t.price?.toFixed() ?? null,
    fee: t.fee?.toFixed() ?? null,
    amount: t.amount?.toFixed() ?? null,
    ratio: t.ratio,
    notes: t.notes,
  };
}

/** A trade date as stored: its day, and the full timestamp when one was given (more than `YYYY-MM-DD`). */
export function storedDate(tradeDate: string): { tradeDate: string; tradeTime: Date | null } {
  return { tradeDate: toDay(tradeDate), tradeTime: tradeDate.length > 10 ? new Date(tradeDate) : null };
}
