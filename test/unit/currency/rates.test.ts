import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { majorOf, parseMajorCurrency, parseTradingCurrency } from '../../../src/domain/currency/currencies.js';
import { CurrencyConverter, createRateBook, type FxRate } from '../../../src/domain/currency/rates.js';
import { Decimal, formatMoney } from '../../../src/domain/decimal.js';

const rate = (base: string, quote: string, date: string, value: string): FxRate => ({ base, quote, date, rate: value });
const text = (d: Decimal | null) => (d === null ? null : d.toFixed());

describe('currency codes', () => {
  it('reads major codes in any case and keeps minor units apart by their spelling', () => {
    expect(parseMajorCurrency(' eur ')).toBe('EUR');
    expect(parseMajorCurrency('ABC')).toBeNull();
    expect(parseMajorCurrency('gbp')).toBe('GBP');
    expect(parseMajorCurrency('GBp')).toBeNull(); // pence, never read as pounds
    expect(parseMajorCurrency('GBX')).toBeNull();
    expect(parseTradingCurrency('GBp')).toBe('GBp');
    expect(parseTradingCurrency('GBP')).toBe('GBP');
    expect(parseTradingCurrency('gbx')).toBe('GBp');
    expect(parseTradingCurrency('ZAC')).toBe('ZAc');
    expect(parseTradingCurrency('ILA')).toBe('ILA');
    expect(parseTradingCurrency('XX')).toBeNull();
    expect(parseTradingCurrency(12)).toBeNull();
    expect(majorOf('GBp')).toEqual({ major: 'GBP', perMajor: new Decimal(100) });
    expect(majorOf('USD').perMajor.toFixed()).toBe('1');
  });
});

describe('the rate book (product.md §14)', () => {
  const book = createRateBook(
    [
      rate('EUR', 'USD', '2026-01-02', '1.10'), // a Friday
      rate('EUR', 'USD', '2026-01-05', '1.05'),
      rate('GBP', 'USD', '2026-01-02', '1.25'),
      rate('USD', 'JPY', '2026-01-02', '150'),
      rate('CHF', 'SEK', '2026-01-02', '12'),
      rate('EUR', 'SEK', '2026-01-02', '11'),
    ],
    'EUR',
  );

  it("uses the day's rate, else the latest earlier one up to 7 days old (a weekend uses Friday's)", () => {
    expect(text(book.rate('EUR', 'USD', '2026-01-02'))).toBe('1.1');
    expect(text(book.rate('EUR', 'USD', '2026-01-03'))).toBe('1.1'); // Saturday
    expect(text(book.rate('EUR', 'USD', '2026-01-04'))).toBe('1.1'); // Sunday
    expect(text(book.rate('EUR', 'USD', '2026-01-05'))).toBe('1.05');
    expect(text(book.rate('EUR', 'USD', '2026-01-12'))).toBe('1.05'); // 7 days old
    expect(book.rate('EUR', 'USD', '2026-01-13')).toBeNull(); // 8 days old: missing, never 1
    expect(book.rate('EUR', 'USD', '2026-01-01')).toBeNull(); // nothing earlier
  });

  it('uses the inverse of a pair when only that is stored', () => {
    expect(book.rate('USD', 'EUR', '2026-01-02')?.times('1.10').toDecimalPlaces(30).toFixed()).toBe('1');
  });

  it('crosses once through USD first, then the base currency, then any other', () => {
    // GBP → EUR: GBP/USD 1.25 then USD/EUR 1/1.10
    expect(book.rate('GBP', 'EUR', '2026-01-02')?.toDecimalPlaces(10).toFixed()).toBe('1.1363636364');
    // EUR → JPY through USD: 1.10 × 150
    expect(text(book.rate('EUR', 'JPY', '2026-01-02'))).toBe('165');
    // CHF → EUR: no USD legs, no EUR leg from CHF; through SEK: 12 × (1/11)
    expect(book.rate('CHF', 'EUR', '2026-01-02')?.toDecimalPlaces(10).toFixed()).toBe('1.0909090909');
    // JPY → CHF needs two crosses: missing
    expect(book.rate('JPY', 'CHF', '2026-01-02')).toBeNull();
  });

  it('prefers a direct rate, however old within the window, to a fresh cross', () => {
    const b = createRateBook(
      [
        rate('EUR', 'GBP', '2026-01-01', '0.80'),
        rate('EUR', 'USD', '2026-01-06', '1.2'),
        rate('GBP', 'USD', '2026-01-06', '1.3'),
      ],
      'USD',
    );
    expect(text(b.rate('EUR', 'GBP', '2026-01-06'))).toBe('0.8');
  });

  it('converts minor units by their factor, with or without rates', () => {
    expect(text(book.rate('GBp', 'GBP', '2030-01-01'))).toBe('0.01');
    expect(text(book.rate('GBP', 'GBp', '2030-01-01'))).toBe('100');
    expect(text(book.rate('GBp', 'USD', '2026-01-02'))).toBe('0.0125');
    expect(text(book.rate('USD', 'USD', '2030-01-01'))).toBe('1');
  });

  it('notes what is missing, in major currencies, once per pair and day', () => {
    const converter = new CurrencyConverter(book, 'EUR');
    expect(converter.convert(new Decimal(1250), 'GBp', '2026-01-02')?.toDecimalPlaces(2).toFixed()).toBe('14.2');
    expect(converter.convert(new Decimal(5), 'ZAc', '2026-01-02')).toBeNull();
    expect(converter.convert(new Decimal(6), 'ZAR', '2026-01-02')).toBeNull();
    expect(converter.convert(new Decimal(1), 'USD', '2026-03-01')).toBeNull();
    expect(converter.missing()).toEqual([
      { base: 'USD', quote: 'EUR', date: '2026-03-01' },
      { base: 'ZAR', quote: 'EUR', date: '2026-01-02' },
    ]);
  });
});

describe('properties of conversion', () => {
  const amount = fc
    .tuple(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: 99 }))
    .map(([units, cents]) => new Decimal(`${units}.${String(cents).padStart(2, '0')}`));
  const rateText = fc
    .tuple(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 1, max: 999_999 }))
    .map(([whole, fraction]) => `${whole}.${String(fraction).padStart(6, '0')}`);

  it('there and back gives the amount again within rounding, by the pair or its inverse', () => {
    fc.assert(
      fc.property(amount, rateText, fc.integer({ min: 0, max: 7 }), (money, r, age) => {
        const book = createRateBook([rate('EUR', 'USD', '2026-01-10', r)], 'USD');
        const day = `2026-01-${String(10 + age).padStart(2, '0')}`;
        const there = book.rate('EUR', 'USD', day) as Decimal;
        const back = book.rate('USD', 'EUR', day) as Decimal;
        expect(formatMoney(money.times(there).times(back))).toBe(formatMoney(money));
        expect(formatMoney(money.times(back).times(there))).toBe(formatMoney(money));
      }),
    );
  });

  it('a cross and the two legs taken one after the other agree', () => {
    fc.assert(
      fc.property(amount, rateText, rateText, (money, a, b) => {
        const book = createRateBook([rate('GBP', 'USD', '2026-02-02', a), rate('USD', 'JPY', '2026-02-02', b)], 'EUR');
        const cross = book.rate('GBP', 'JPY', '2026-02-02') as Decimal;
        const legs = money
          .times(book.rate('GBP', 'USD', '2026-02-02') as Decimal)
          .times(book.rate('USD', 'JPY', '2026-02-02') as Decimal);
        expect(money.times(cross).toFixed()).toBe(legs.toFixed());
      }),
    );
  });

  it('never answers a rate for a pair it has no way to, whatever is stored for others', () => {
    fc.assert(
      fc.property(fc.array(rateText, { minLength: 1, maxLength: 5 }), (rates) => {
        const book = createRateBook(
          rates.map((r, i) => rate('EUR', 'USD', `2026-03-0${i + 1}`, r)),
          'USD',
        );
        expect(book.rate('CHF', 'USD', '2026-03-03')).toBeNull();
        expect(book.rate('EUR', 'USD', '2026-03-20')).toBeNull();
      }),
    );
  });
});
