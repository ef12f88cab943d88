import { Decimal } from '../decimal.js';
import { asDecimal, type DecimalInput } from './values.js';

/**
 * A split ratio "new:old": 4:1 turns each share into four (price per share ÷ 4), 1:10 turns ten shares into
 * one (a reverse split). Both parts are positive integers or decimals ("3:2", "1.5:1").
 */
export interface SplitRatio {
  numerator: Decimal;
  denominator: Decimal;
}

/** How a ratio may be stored: as text, or as two columns. */
export type SplitRatioInput = string | { numerator: DecimalInput; denominator: DecimalInput };

/** A ratio part above this is refused: no real split comes close, and unbounded parts invite abuse. */
export const MAX_RATIO_PART = new Decimal(1_000_000);

const RATIO = /^\s*(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)\s*$/;

function isValidPart(part: Decimal): boolean {
  return part.isFinite() && part.gt(0) && part.lte(MAX_RATIO_PART);
}

/** Parses "4:1" (spaces around the colon allowed) or a {numerator, denominator} pair; null when invalid. */
export function parseSplitRatio(input: unknown): SplitRatio | null {
  let numerator: Decimal;
  let denominator: Decimal;
  if (typeof input === 'string') {
    const m = RATIO.exec(input);
    if (m === null) return null;
    numerator = new Decimal(m[1] as string);
    denominator = new Decimal(m[2] as string);
  } else if (typeof input === 'object' && input !== null && 'numerator' in input && 'denominator' in input) {
    const { numerator: n, denominator: d } = input as { numerator: unknown; denominator: unknown };
    if (!isDecimalLike(n) || !isDecimalLike(d)) return null;
    try {
      numerator = asDecimal(n);
      denominator = asDecimal(d);
    } catch {
      return null;
    }
  } else {
    return null;
  }
  return isValidPart(numerator) && isValidPart(denominator) ? { numerator, denominator } : null;
}

function isDecimalLike(value: unknown): value is DecimalInput {
  return typeof value === 'string' || Decimal.isDecimal(value);
}

/** The canonical text of a ratio, e.g. "4:1" or "1.5:1" (no trailing zeros). */
export function formatSplitRatio(ratio: SplitRatio): string {
  return `${ratio.numerator.toFixed()}:${ratio.denominator.toFixed()}`;
}

/** The factor a split multiplies the share count by (numerator / denominator). */
export function splitFactor(ratio: SplitRatio): Decimal {
  return ratio.numerator.div(ratio.denominator);
}
