import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../src/application/import/csv-reader.js';
import { writeCsv } from '../../../src/application/import/csv-writer.js';
import { type ImportRecord, recordOf, resolveColumns } from '../../../src/domain/import/columns.js';
import { EXPORT_COLUMNS, type ExportedTrade, exportRow } from '../../../src/domain/import/export.js';
import { parseImportRow } from '../../../src/domain/import/rows.js';

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += chunk.toString();
  return out;
}

/** Reads a file the way the import does, fed in chunks of `chunkSize` bytes (UTF-8 sequences split too). */
async function readBack(file: string, chunkSize: number): Promise<ImportRecord[]> {
  const bytes = Buffer.from(file);
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
  }
  const records: ImportRecord[] = [];
  let columns: ReturnType<typeof resolveColumns> | null = null;
  await readCsv(chunks(), ({ line, fields }) => {
    if (columns === null) columns = resolveColumns(fields);
    else records.push(recordOf(columns, fields, line));
  });
  return records;
}

const canonical = (digits: fc.Arbitrary<bigint>, scale: number) =>
  fc.tuple(digits, fc.integer({ min: 0, max: scale })).map(([n, s]) => {
    const padded = n.toString().padStart(s + 1, '0');
    const value = s === 0 ? padded : `${padded.slice(0, -s)}.${padded.slice(-s)}`;
    // Canonical text, as stored: no trailing zeros after the point.
    return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
  });
const positive = canonical(fc.bigInt({ min: 1n, max: 10n ** 12n }), 8);
const nonNegative = canonical(fc.bigInt({ min: 0n, max: 10n ** 12n }), 6);
const day = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const timestamp = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true })
  .map((d) => d.toISOString());
/** Notes as stored (trimmed): delimiters, quotes, CR/LF, unicode, formula starts, apostrophes. */
const hostileNote = fc
  .array(
    fc.oneof(
      fc.constantFrom(',', ';', '\t', '"', "'", '\r', '\n', '\r\n', '=', '+', '-', '@', '=SUM(A1:A2)', '😀', 'é', '中'),
      fc.string({ unit: 'grapheme', maxLength: 5 }),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join('').replaceAll('\u0000', '').trim());
const symbol = fc.stringMatching(/^[A-Z0-9]{1,10}([.-][A-Z0-9]{1,5})?$/);
/** Stocks' currencies as stored: majors, and the minor units whose case tells them from their majors. */
const currency = fc.constantFrom('EUR', 'USD', 'GBP', 'GBp', 'ZAc', 'ILA', 'JPY', 'CHF');

const trade: fc.Arbitrary<ExportedTrade> = fc
  .oneof(
    fc.record({
      type: fc.constantFrom('buy', 'sell'),
      quantity: positive,
      price: nonNegative,
      fee: nonNegative,
      amount: fc.constant(null),
      ratio: fc.constant(null),
    }),
    fc.record({
      type: fc.constant('dividend'),
      quantity: fc.constant(null),
      price: fc.constant(null),
      fee: fc.constant(null),
      amount: positive,
      ratio: fc.constant(null),
    }),
    fc.record({
      type: fc.constant('split'),
      quantity: fc.constant(null),
      price: fc.constant(null),
      fee: fc.constant(null),
      amount: fc.constant(null),
      ratio: fc.tuple(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 })).map(([n, d]) => `${n}:${d}`),
    }),
  )
  .chain((fields) =>
    fc
      .record({
        tradeDate: fc.oneof(day, timestamp),
        symbol,
        notes: hostileNote,
      })
      .map((rest) => ({ ...fields, ...rest })),
  );

describe('the CSV export read back by the import', () => {
  it('gives back every trade and its currency exactly, whatever the notes hold and however the file arrives in chunks', async () => {
    const priced = fc.tuple(trade, currency);
    await fc.assert(
      fc.asyncProperty(fc.array(priced, { maxLength: 25 }), fc.integer({ min: 1, max: 64 }), async (items, chunk) => {
        const trades = items.map(([t]) => t);
        const file = await text(
          writeCsv(
            EXPORT_COLUMNS,
            items.map(([t, c]) => exportRow(t, c)),
          ),
        );
        const rows = (await readBack(file, chunk)).map((r) => parseImportRow(r));
        expect(rows.filter((r) => r.kind === 'trade').map((r) => r.currency)).toEqual(items.map(([, c]) => c));
        expect(rows.map((r) => (r.kind === 'trade' ? { ...r.trade, symbol: r.symbol } : r))).toEqual(
          trades.map((t) => ({
            type: t.type,
            quantity: t.quantity,
            price: t.price,
            fee: t.fee,
            amount: t.amount,
            ratio: t.ratio,
            tradeDate: t.tradeDate,
            notes: t.notes,
            symbol: t.symbol,
          })),
        );
      }),
      { numRuns: 150 },
    );
  });

  it('numbers each row by the line it starts on, line breaks inside quoted notes included', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(trade, { minLength: 1, maxLength: 10 }), async (trades) => {
        const file = await text(
          writeCsv(
            EXPORT_COLUMNS,
            trades.map((t) => exportRow(t, 'EUR')),
          ),
        );
        const lines = (await readBack(file, 4096)).map((r) => r.line);
        // A CRLF inside a note is one line break, as a lone CR or LF is.
        const expected: number[] = [];
        let line = 2;
        for (const t of trades) {
          expected.push(line);
          line += 1 + (t.notes.match(/\r\n|\r|\n/g) ?? []).length;
        }
        expect(lines).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('neutralises formula-like notes in the file itself', async () => {
    const file = await text(
      writeCsv(EXPORT_COLUMNS, [
        exportRow(
          {
            tradeDate: '2024-01-02',
            symbol: 'A',
            type: 'dividend',
            quantity: null,
            price: null,
            fee: null,
            amount: '1',
            ratio: null,
            notes: '=HYPERLINK("x")',
          },
          'USD',
        ),
      ]),
    );
    expect(file.split('\n')[1]).toBe('2024-01-02,A,dividend,,,,1,,USD,"\'=HYPERLINK(""x"")"');
  });
});
