import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { ValidationError } from '../../domain/errors.js';

/** One record of a CSV file: its fields and the line of the file it starts on (the first line is 1). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** How much of the file's start is looked at for its delimiter: the header line, or this much of it. */
const SNIFF_BYTES = 64 * 1024;
/** No record of a trade comes near this; a longer one is a file that is not what it claims. */
const MAX_RECORD_CHARACTERS = 64 * 1024;
const DELIMITERS = [',', ';', '\t'] as const;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/** The delimiter the header line uses most (`,` `;` or tab; quoted text does not count); `,` when it has none. */
export function detectDelimiter(start: Buffer): string {
  const counts = new Map<number, number>(DELIMITERS.map((d) => [d.charCodeAt(0), 0]));
  let quoted = false;
  const from = start.subarray(0, 3).equals(BOM) ? 3 : 0;
  for (let i = from; i < start.length; i++) {
    const c = start[i] as number;
    if (c === QUOTE) quoted = !quoted;
    else if (!quoted && (c === LF || c === CR)) break;
    else if (!quoted && counts.has(c)) counts.set(c, (counts.get(c) as number) + 1);
  }
  let best: string = DELIMITERS[0];
  for (const d of DELIMITERS)
    if ((counts.get(d.charCodeAt(0)) as number) > (counts.get(best.charCodeAt(0)) as number)) best = d;
  return best;
}

const fileError = (message: string) =>
  new ValidationError([{ field: 'file', message }], `The file cannot be imported: ${message}`);

/** csv-parse's refusals, in the words of someone who opened the file in a spreadsheet. */
function readableError(error: CsvError): ValidationError {
  const line = typeof error.lines === 'number' ? error.lines : null;
  const at = line === null ? '' : ` (line ${line})`;
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return fileError(`a quoted field is never closed: an unbalanced quote${at}`);
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return fileError(`a misplaced quote${at}: a field that holds quotes must be quoted, with its quotes doubled`);
    case 'CSV_MAX_RECORD_SIZE':
      return fileError(`a row is longer than ${MAX_RECORD_CHARACTERS} characters${at}`);
    default:
      return fileError(`it is not valid CSV${at}`);
  }
}

async function* withStart(start: Buffer, rest: AsyncIterator<Buffer | string>): AsyncGenerator<Buffer> {
  if (start.length > 0) yield start;
  for (let next = await rest.next(); next.done !== true; next = await rest.next())
    yield typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
}

/** Line breaks inside a record's fields as csv-parse counts them (CR and LF each) and the CRLF pairs among them. */
function breaksIn(fields: readonly string[]): { counted: number; pairs: number } {
  let counted = 0;
  let pairs = 0;
  for (const field of fields) {
    for (let i = 0; i < field.length; i++) {
      const c = field.charCodeAt(i);
      if (c === CR || c === LF) counted++;
      if (c === CR && field.charCodeAt(i + 1) === LF) pairs++;
    }
  }
  return { counted, pairs };
}

/**
 * Reads a CSV file as it streams in, record by record, with csv-parse: the delimiter (`,` `;` or tab) and a
 * UTF-8 byte-order mark are detected, quoted fields may hold delimiters, quotes and line breaks, blank lines
 * are skipped. `onRecord` sees every record (the header first) with the line it starts on. A file that cannot
 * be read as a whole (empty, an unbalanced or misplaced quote, NUL characters) is a ValidationError.
 */
export async function readCsv(
  source: AsyncIterable<Buffer | string>,
  onRecord: (record: CsvRecord) => void,
): Promise<void> {
  const iterator = source[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headBytes = 0;
  while (headBytes < SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done === true) break;
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    head.push(chunk);
    headBytes += chunk.length;
    if (chunk.includes(LF) || chunk.includes(CR)) break;
  }
  const start = Buffer.concat(head);
  const input = Readable.from(withStart(start, iterator));
  const parser = parse({
    delimiter: detectDelimiter(start),
    bom: true,
    // Every common line ending, whichever the file's first line happens to use.
    record_delimiter: ['\r\n', '\n', '\r'],
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    max_record_size: MAX_RECORD_CHARACTERS,
  });
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  // csv-parse counts a CRLF inside a quoted field as two lines: the surplus is taken off every later line.
  let surplus = 0;
  let any = false;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const { counted, pairs } = breaksIn(record);
      const end = info.lines - surplus - pairs;
      surplus += pairs;
      if (record.some((field) => field.includes('\u0000')))
        throw fileError(`line ${end - (counted - pairs)} holds NUL characters: it is not a text file`);
      any = true;
      onRecord({ line: end - (counted - pairs), fields: record });
    }
  } catch (error) {
    if (error instanceof CsvError) throw readableError(error);
    throw error;
  } finally {
    input.destroy();
  }
  if (!any) throw fileError('it is empty (no header, no rows)');
}
