import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { direction, formatDecimal, formatMoney } from '../../../web/src/format.js';

// What the browser tests compare: a cell's text with grouping separators, currency signs and spaces removed.
const plain = (text: string) => text.replace(/[\s,\u00a0\u202f$€£]/g, '');

describe("the interface's number formatting (formats, never computes)", () => {
  it('shows every decimal string exactly as the API gave it, grouping aside', () => {
    const decimal = fc
      .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.option(fc.stringMatching(/^[0-9]{1,8}$/)))
      .map(
        ([negative, whole, fraction]) =>
          `${negative && whole > 0n ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`,
      );
    fc.assert(
      fc.property(decimal, (value) => {
        expect(plain(formatDecimal(value))).toBe(value);
      }),
    );
  });

  it('keeps the 2 places of money and shows the currency', () => {
    expect(formatMoney('1234567.50', 'USD')).toBe('$1,234,567.50');
    expect(formatMoney('-5.00', 'USD')).toBe('-$5.00');
    expect(plain(formatMoney('98765.43', 'EUR'))).toBe('98765.43');
    expect(formatMoney(null)).toBe('—');
  });

  it('tells gains from losses, and zero from both', () => {
    expect(direction('12.5')).toBe('gain');
    expect(direction('-0.01')).toBe('loss');
    expect(direction('0.00')).toBeUndefined();
    expect(direction('-0')).toBeUndefined();
    expect(direction(null)).toBeUndefined();
  });
});
