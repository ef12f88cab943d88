import { describe, expect, it } from 'vitest';
import { type CsvRecord, detectDelimiter, readCsv } from '../../../src/application/import/csv-reader.js';
import { ValidationError } from '../../../src/domain/errors.js';

async function read(input: string | Buffer): Promise<CsvRecord[]> {
  const records: CsvRecord[] = [];
  async function* source() {
    yield typeof input === 'string' ? Buffer.from(input) : input;
  }
  await readCsv(source(), (r) => records.push(r));
  return records;
}

describe('the CSV reader', () => {
  it.each([
    ['Date,Symbol,Note\n', ','],
    ['Date;Symbol;Note\n', ';'],
    ['Date\tSymbol\tNote\n', '\t'],
    ['\uFEFFDate;Symbol\n', ';'],
    ['"Date,x";Symbol;Type\n', ';'],
    ['Date\n', ','],
  ])('detects the delimiter of %j', (header, delimiter) => {
    expect(detectDelimiter(Buffer.from(header))).toBe(delimiter);
  });

  it('reads semicolon and tab files with a byte-order mark', async () => {
    for (const d of [';', '\t', ','])
      expect(await read(`\uFEFFDate${d}Symbol\r\n2024-01-02${d}"A${d}B"\r\n`)).toEqual([
        { line: 1, fields: ['Date', 'Symbol'] },
        { line: 2, fields: ['2024-01-02', `A${d}B`] },
      ]);
  });

  it('keeps quotes and line breaks of quoted fields and numbers rows by the line they start on', async () => {
    const file = 'Date,Note\n\n2024-01-02,"a ""b""\r\nc\nd"\n,\n2024-01-03,x\r\n';
    expect(await read(file)).toEqual([
      { line: 1, fields: ['Date', 'Note'] },
      { line: 3, fields: ['2024-01-02', 'a "b"\r\nc\nd'] },
      { line: 7, fields: ['2024-01-03', 'x'] },
    ]);
  });

  it.each([
    ['', /empty/],
    ['\uFEFF', /empty/],
    ['\n\n  \n', /empty/],
    ['Date,Note\n2024-01-02,"never closed\n', /unbalanced quote/],
    ['Date,Note\n2024-01-02,ab"c"d\n', /misplaced quote/],
    ['Date,Note\n2024-01-02,"a"b\n', /misplaced quote/],
    ['Date,Note\n2024-01-02,a\u0000b\n', /NUL/],
    [`Date,Note\n2024-01-02,${'x'.repeat(70_000)}\n`, /longer than/],
  ])('refuses %j as a whole with a ValidationError', async (file, message) => {
    const attempt = read(file);
    await expect(attempt).rejects.toThrow(ValidationError);
    await expect(read(file)).rejects.toThrow(message);
  });

  it('passes on what the source throws (a body over its limit)', async () => {
    async function* source() {
      yield Buffer.from('Date,Symbol\n');
      throw new RangeError('too large');
    }
    await expect(readCsv(source(), () => {})).rejects.toThrow('too large');
  });
});
