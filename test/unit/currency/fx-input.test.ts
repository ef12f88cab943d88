import { describe, expect, it } from 'vitest';
import { readMajorCurrency } from '../../../src/domain/currency/currencies.js';
import {
  type FxRateInput,
  MAX_FX_RATE_BATCH,
  rateCurrency,
  validateFxRateBatch,
} from '../../../src/domain/currency/fx-input.js';
import { ValidationError } from '../../../src/domain/errors.js';

const rate = (over: Partial<FxRateInput> = {}): FxRateInput => ({
  base: 'EUR',
  quote: 'USD',
  date: '2024-01-02',
  rate: '1.10',
  ...over,
});

/** The details of the ValidationError that `run` throws (fails when it throws nothing or something else). */
function detailsOf(run: () => unknown): Array<{ field: string; message: string }> {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).details;
  }
  throw new Error('expected a ValidationError');
}

describe('validateFxRateBatch', () => {
  it('upper-cases the codes, trims the date, keeps the rate exact and orders by pair, then date', () => {
    const rates = validateFxRateBatch([
      rate({ base: 'usd', quote: ' jpy ', date: '2024-01-03', rate: '151.123456789012' }),
      rate({ date: ' 2024-01-03 ', rate: 1.0999 }),
      rate({ rate: '1.10' }),
      rate({ base: 'gbp', quote: 'eur', rate: '0.000000001' }),
    ]);
    expect(rates.map((r) => [r.base, r.quote, r.date, r.rate.toFixed()])).toEqual([
      ['EUR', 'USD', '2024-01-02', '1.1'],
      ['EUR', 'USD', '2024-01-03', '1.0999'],
      ['GBP', 'EUR', '2024-01-02', '0.000000001'],
      ['USD', 'JPY', '2024-01-03', '151.123456789012'],
    ]);
  });

  it('takes a pair and its inverse on the same day, and 1000 rates at once', () => {
    expect(validateFxRateBatch([rate(), rate({ base: 'USD', quote: 'EUR', rate: '0.9' })])).toHaveLength(2);
    const start = Date.UTC(2020, 0, 1);
    const many = Array.from({ length: MAX_FX_RATE_BATCH }, (_, i) =>
      rate({ date: new Date(start + i * 86_400_000).toISOString().slice(0, 10) }),
    );
    expect(validateFxRateBatch(many)).toHaveLength(MAX_FX_RATE_BATCH);
  });

  it('refuses an empty batch and one over the limit', () => {
    expect(detailsOf(() => validateFxRateBatch([]))).toEqual([
      { field: 'rates', message: 'must hold at least one rate' },
    ]);
    const tooMany = Array.from({ length: MAX_FX_RATE_BATCH + 1 }, (_, i) =>
      rate({ date: new Date(Date.UTC(2000, 0, 1) + i * 86_400_000).toISOString().slice(0, 10) }),
    );
    expect(detailsOf(() => validateFxRateBatch(tooMany)).map((d) => d.field)).toEqual(['rates']);
  });

  it.each([
    ['rates.0.base', rate({ base: 'XYZ' })],
    ['rates.0.base', rate({ base: 'EURO' })],
    ['rates.0.base', rate({ base: '' })],
    ['rates.0.quote', rate({ quote: 'US' })],
    ['rates.0.quote', rate({ quote: 'eur' })],
    ['rates.0.date', rate({ date: '2024-02-30' })],
    ['rates.0.date', rate({ date: '2024-1-2' })],
    ['rates.0.date', rate({ date: '2024-01-02T10:00:00Z' })],
    ['rates.0.rate', rate({ rate: '0' })],
    ['rates.0.rate', rate({ rate: -1.1 })],
    ['rates.0.rate', rate({ rate: 'abc' })],
    ['rates.0.rate', rate({ rate: '1e3' })],
    ['rates.0.rate', rate({ rate: null })],
    ['rates.0.rate', rate({ rate: Number.NaN })],
  ])('names %s for a bad item', (field, item) => {
    expect(detailsOf(() => validateFxRateBatch([item])).map((d) => d.field)).toEqual([field]);
  });

  it('refuses a minor unit on either side, saying rates are between major currencies', () => {
    const details = detailsOf(() =>
      validateFxRateBatch([rate({ base: 'GBp' }), rate({ quote: 'GBX' }), rate({ base: 'ZAc', quote: 'ila' })]),
    );
    expect(details.map((d) => d.field)).toEqual(['rates.0.base', 'rates.1.quote', 'rates.2.base', 'rates.2.quote']);
    expect(details[0]?.message).toBe(
      'GBp is pence, 1/100 GBP: rates are between major currencies, use GBP (pence convert by their factor)',
    );
    expect(details[1]?.message).toContain('use GBP');
    expect(details[2]?.message).toContain('use ZAR');
    expect(details[3]?.message).toContain('use ILS');
  });

  it('reads gbp as pounds, not pence', () => {
    expect(validateFxRateBatch([rate({ base: 'gbp' })])[0]?.base).toBe('GBP');
  });

  it('names every bad item at once, and a (base, quote, date) given twice at its repetition', () => {
    const details = detailsOf(() =>
      validateFxRateBatch([
        rate(),
        rate({ rate: '0' }),
        rate({ base: 'usd', quote: 'eur' }),
        rate({ base: 'eur', rate: '1.2' }),
        rate({ quote: 'EUR', date: 'x' }),
      ]),
    );
    expect(details).toEqual([
      { field: 'rates.1.rate', message: expect.stringContaining('greater than 0') },
      { field: 'rates.3', message: 'EUR/USD on 2024-01-02 appears more than once (also at rates.0)' },
      { field: 'rates.4.quote', message: 'must differ from the base currency EUR' },
      { field: 'rates.4.date', message: 'must be a date YYYY-MM-DD' },
    ]);
  });
});

describe('major currencies of requests', () => {
  it.each([
    ['usd', 'USD'],
    [' eur ', 'EUR'],
    ['gbp', 'GBP'],
    ['GBP', 'GBP'],
  ])('reads %j as %s', (text, code) => {
    expect(readMajorCurrency(text)).toEqual({ ok: true, code });
    expect(rateCurrency(text)).toEqual({ code });
  });

  it.each([
    ['GBp', 'GBp', 'GBP'],
    ['GBX', 'GBp', 'GBP'],
    ['gbx', 'GBp', 'GBP'],
    ['ZAc', 'ZAc', 'ZAR'],
    ['ZAC', 'ZAc', 'ZAR'],
    ['ILA', 'ILA', 'ILS'],
  ])('knows %j as the minor unit %s of %s', (text, code, major) => {
    const read = readMajorCurrency(text);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.minor).toMatchObject({ code, major, perMajor: 100 });
  });

  it.each(['ABC', 'US', '', 'EURO', 'X1'])('knows %j as no currency', (text) => {
    expect(readMajorCurrency(text)).toEqual({ ok: false, minor: null });
  });
});
