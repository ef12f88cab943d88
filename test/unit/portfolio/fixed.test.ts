import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/domain/decimal.js';
import { apportion, fixedFrom, fixedToDecimal, gcd, mulFixed } from '../../../src/domain/portfolio/fixed.js';

describe('fixed (scaled integers of the replay)', () => {
  it('round-trips decimals of up to 18 places exactly', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.integer({ min: 0, max: 18 }),
        (digits, places) => {
          const text = new Decimal(digits.toString()).div(new Decimal(10).pow(places)).toFixed();
          expect(fixedToDecimal(fixedFrom(text)).toFixed()).toBe(text);
          expect(fixedToDecimal(fixedFrom(new Decimal(text))).toFixed()).toBe(text);
        },
      ),
    );
  });
  it('rounds half-up beyond 18 places and refuses what is not a decimal', () => {
    expect(fixedFrom('0.0000000000000000005')).toBe(1n);
    expect(fixedFrom('0.0000000000000000004')).toBe(0n);
    expect(fixedFrom(' 1.5 ')).toBe(15n * 10n ** 17n);
    expect(fixedFrom('.5')).toBe(5n * 10n ** 17n);
    for (const bad of ['', 'abc', '1e5', '0x10', '1.2.3', 'NaN']) expect(() => fixedFrom(bad)).toThrow(RangeError);
  });
  it('multiplies and apportions with half-up rounding', () => {
    expect(mulFixed(fixedFrom('2.5'), fixedFrom('4.2'))).toBe(fixedFrom('10.5'));
    // 1 unit × 1/2 is a tie: rounds up; 1 × 1/3 rounds down
    expect(apportion(1n, 1n, 2n)).toBe(1n);
    expect(apportion(1n, 1n, 3n)).toBe(0n);
    expect(apportion(fixedFrom('100'), 1n, 3n)).toBe(33333333333333333333n);
    expect(apportion(fixedFrom('200'), 1n, 3n)).toBe(66666666666666666667n);
  });
  it('reads short and long texts alike (the digit fast path and the bigint path agree)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }),
        fc.integer({ min: 0, max: 18 }),
        (digits, places) => {
          const text = new Decimal(digits.toString()).div(new Decimal(10).pow(places)).toFixed(places);
          expect(fixedFrom(text)).toBe(fixedFrom(new Decimal(text)));
        },
      ),
    );
    expect(fixedFrom('999999999999999')).toBe(999999999999999n * 10n ** 18n); // 15 digits: the fast path
    expect(fixedFrom('9999999999999999')).toBe(9999999999999999n * 10n ** 18n); // 16 digits: the bigint path
    expect(fixedFrom('-0')).toBe(0n);
    expect(fixedFrom('-12.5')).toBe(-125n * 10n ** 17n);
    for (const bad of ['-', '.', '5.-', '1..2', '--1', '1-2']) expect(() => fixedFrom(bad)).toThrow(RangeError);
  });
  it('computes gcds', () => {
    expect(gcd(12n, -18n)).toBe(6n);
    expect(gcd(0n, 5n)).toBe(5n);
  });
});
