import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/domain/errors.js';
import { COLUMN_ALIASES, IMPORT_FIELDS, recordOf, resolveColumns } from '../../../src/domain/import/columns.js';
import { parseImportDate } from '../../../src/domain/import/dates.js';
import { escapeFormula, unescapeFormula } from '../../../src/domain/import/formula.js';
import { ghostfolioRecords } from '../../../src/domain/import/ghostfolio.js';
import { parseImportRow } from '../../../src/domain/import/rows.js';

const day = fc
  .date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('import dates', () => {
  it('reads every form of a real day as that day', () => {
    fc.assert(
      fc.property(day, (d) => {
        const [y, m, dd] = d.split('-');
        for (const form of [d, `${dd}-${m}-${y}`, `${dd}.${m}.${y}`, `${dd}/${m}/${y}`, `${y}${m}${dd}`, ` ${d} `])
          expect(parseImportDate(form)).toBe(d);
      }),
    );
  });

  it('reads ISO timestamps as their UTC instant', () => {
    expect(parseImportDate('2024-03-01T15:30:00Z')).toBe('2024-03-01T15:30:00.000Z');
    expect(parseImportDate('2024-03-01T23:30:00-02:00')).toBe('2024-03-02T01:30:00.000Z');
    expect(parseImportDate('2024-03-01T10:00:00.123+01:00')).toBe('2024-03-01T09:00:00.123Z');
  });

  it.each([
    '31.04.2024',
    '29-02-2023',
    '30/02/2024',
    '20230229',
    '2024-13-01',
    '2024-00-10',
    '00.01.2024',
    '32.01.2024',
    '2024-02-30T10:00:00Z',
    '01/02/24',
    '1.2.2024',
    '2024/01/02',
    '02-01-2024x',
    'yesterday',
    '',
    '202401011',
    '01.02-2024',
  ])('refuses %j', (text) => {
    expect(parseImportDate(text)).toBeNull();
  });

  it('takes day-first forms day first, never month first', () => {
    expect(parseImportDate('03/04/2024')).toBe('2024-04-03');
    expect(parseImportDate('13/04/2024')).toBe('2024-04-13');
    expect(parseImportDate('04/13/2024')).toBeNull();
  });
});

describe('columns by header name', () => {
  it('finds every alias of every field, in any case and any order, ignoring other columns', () => {
    const choice = fc.tuple(
      ...IMPORT_FIELDS.map((field) => fc.constantFrom(...COLUMN_ALIASES[field])),
      fc.array(fc.constantFrom('DataSource', 'Account', 'Tags', 'x'), { maxLength: 3 }),
    );
    fc.assert(
      fc.property(
        choice,
        fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
        fc.integer(),
        (names, cases, seed) => {
          const aliases = names.slice(0, IMPORT_FIELDS.length) as string[];
          const extra = names[IMPORT_FIELDS.length] as string[];
          const header = [...aliases, ...extra]
            .map((n, i) => (cases[i] ? n.toUpperCase() : n.toLowerCase()))
            .map((n, i) => ({ n, k: (i * 7919 + seed) % 97 }))
            .sort((a, b) => a.k - b.k)
            .map((x) => ` ${x.n} `);
          const columns = resolveColumns(header);
          const fields = header.map((h) => `value of ${h.trim().toLowerCase()}`);
          const record = recordOf(columns, fields, 2);
          IMPORT_FIELDS.forEach((field, i) => {
            expect(record[field]).toBe(`value of ${(aliases[i] as string).toLowerCase()}`);
          });
        },
      ),
    );
  });

  it('reads a column the row is too short for as absent', () => {
    const columns = resolveColumns(['Date', 'Symbol', 'Note']);
    expect(recordOf(columns, ['2024-01-02', 'A'], 3)).toEqual({ line: 3, date: '2024-01-02', symbol: 'A' });
  });

  it.each([
    [['Symbol', 'Type'], /no Date column/],
    [['Date', 'Type'], /no symbol column/],
    [['2024-01-02', 'AAPL', 'buy'], /no Date column and no symbol column/],
    [['Date', 'Code', 'Symbol'], /'Code' and 'Symbol' both give the symbol/],
  ])('refuses the header %j', (header, message) => {
    expect(() => resolveColumns(header)).toThrow(ValidationError);
    expect(() => resolveColumns(header)).toThrow(message);
  });
});

describe('the formula escape', () => {
  it('is reversible and leaves no note starting as a formula', () => {
    const text = fc.oneof(
      fc.string(),
      fc
        .tuple(fc.stringMatching(/^'{0,3}$/), fc.constantFrom('=', '+', '-', '@', '\t', '\r'), fc.string())
        .map((p) => p.join('')),
    );
    fc.assert(
      fc.property(text, (note) => {
        const escaped = escapeFormula(note);
        expect(unescapeFormula(escaped)).toBe(note);
        expect(/^[=+\-@\t\r]/.test(escaped)).toBe(false);
      }),
    );
  });

  it('leaves plain notes and lone apostrophes alone', () => {
    expect(escapeFormula("it's fine")).toBe("it's fine");
    expect(escapeFormula("'quoted'")).toBe("'quoted'");
    expect(unescapeFormula("'quoted'")).toBe("'quoted'");
    expect(escapeFormula('=1+1')).toBe("'=1+1");
    expect(escapeFormula("'=1+1")).toBe("''=1+1");
  });
});

describe('a row as a trade', () => {
  const row = (fields: Record<string, string>) => parseImportRow({ line: 2, ...fields });

  it('reads the types case-insensitively and checks each with the trade rules', () => {
    expect(
      row({ date: '2024-01-02', symbol: ' aapl ', type: 'BUY', quantity: '10', price: '1.50', fee: '' }),
    ).toMatchObject({
      kind: 'trade',
      symbol: 'AAPL',
      trade: { type: 'buy', quantity: '10', price: '1.5', fee: '0', amount: null },
    });
    expect(row({ date: '2024-01-02', symbol: 'A', type: 'Split', ratio: '4:1' })).toMatchObject({
      kind: 'trade',
      trade: { type: 'split', ratio: '4:1' },
    });
    expect(row({ date: '2024-01-02', symbol: 'A', type: 'sell', quantity: '0', price: '1' })).toMatchObject({
      kind: 'error',
      message: 'Quantity must be greater than 0',
    });
    expect(row({ date: '2024-01-02', symbol: 'A', type: 'buy', quantity: '1,5', price: '1' })).toMatchObject({
      kind: 'error',
      message: 'Quantity must be a decimal number',
    });
  });

  it('takes a dividend from Amount, else Quantity × Price; a zero fee is no fee', () => {
    expect(
      row({ date: '2024-01-02', symbol: 'A', type: 'dividend', amount: '12.5', quantity: '3', price: '2' }),
    ).toMatchObject({
      trade: { type: 'dividend', amount: '12.5', quantity: null, price: null, fee: null },
    });
    expect(
      row({ date: '2024-01-02', symbol: 'A', type: 'dividend', quantity: '3', price: '0.25', fee: '0' }),
    ).toMatchObject({
      trade: { type: 'dividend', amount: '0.75' },
    });
    expect(row({ date: '2024-01-02', symbol: 'A', type: 'dividend' })).toMatchObject({
      kind: 'error',
      message: 'Amount is required for a dividend',
    });
  });

  it('skips the types of Ghostfolio that are no trade, and refuses unknown ones', () => {
    for (const type of ['fee', 'INTEREST', 'Item', 'liability'])
      expect(row({ date: 'garbage', symbol: '', type }).kind).toBe('skipped');
    expect(row({ date: '2024-01-02', symbol: 'A', type: 'transfer' })).toMatchObject({
      kind: 'error',
      message: "Type 'transfer' is not one of buy, sell, dividend, split",
    });
  });

  it('reads the currency as a trading currency: any case for a major one, GBp apart from GBP', () => {
    const base = { date: '2024-01-02', symbol: 'A', type: 'dividend', amount: '1' };
    const currency = (text: string) => {
      const parsed = row({ ...base, currency: text });
      return parsed.kind === 'trade' ? parsed.currency : parsed.message;
    };
    expect(currency('usd')).toBe('USD');
    expect(currency(' EUR ')).toBe('EUR');
    expect(currency('gbp')).toBe('GBP');
    expect(currency('GBp')).toBe('GBp');
    expect(currency('GBX')).toBe('GBp');
    expect(currency('gbx')).toBe('GBp');
    expect(currency('ZAc')).toBe('ZAc');
    expect(currency(' ')).toBeNull();
    expect(row(base)).toMatchObject({ kind: 'trade', currency: null });
    expect(currency('XYZ')).toBe(
      "Currency 'XYZ' must be an ISO 4217 currency code such as USD or EUR, or a minor unit: GBp (pence), ZAc (cents) or ILA (agorot)",
    );
    expect(currency('dollars')).toMatch(/^Currency 'dollars' must be an ISO 4217 currency code/);
  });

  it('reports every problem of a row at once', () => {
    const parsed = row({ date: '31.02.2024', symbol: 'NOT A SYMBOL', type: 'buy', price: '-1' });
    expect(parsed.kind).toBe('error');
    const message = parsed.kind === 'error' ? parsed.message : '';
    expect(message).toContain("Symbol 'NOT A SYMBOL' is not valid");
    expect(message).toContain("Date '31.02.2024' is not a date");
    expect(message).toContain('Quantity is required for a buy');
    expect(message).toContain('Price must be 0 or more');
  });
});

describe("Ghostfolio's JSON export", () => {
  it('maps activities by position and ignores every other field', () => {
    const records = ghostfolioRecords({
      meta: { version: '2.0' },
      accounts: [{ id: 'x' }],
      activities: [
        {
          accountId: 'a',
          dataSource: 'YAHOO',
          date: '2024-01-02T00:00:00.000Z',
          symbol: 'MSFT',
          type: 'BUY',
          quantity: 1e-7,
          unitPrice: 10,
          fee: 0,
          currency: 'USD',
          comment: null,
          tags: [],
        },
        'not an object',
        { type: 'BUY', quantity: { n: 1 } },
      ],
    });
    expect(records[0]).toEqual({
      line: 1,
      date: '2024-01-02T00:00:00.000Z',
      symbol: 'MSFT',
      type: 'BUY',
      quantity: '0.0000001',
      price: '10',
      fee: '0',
      currency: 'USD',
    });
    expect(records[1]).toEqual({ line: 2, problems: ['The activity is not an object'] });
    expect(records[2]).toEqual({ line: 3, type: 'BUY', problems: ['quantity must be text or a number'] });
  });

  it.each([[null], [[]], [{}], [{ activities: {} }], ['text']])('refuses %j as a whole', (document) => {
    expect(() => ghostfolioRecords(document)).toThrow(/no activities array/);
  });
});
