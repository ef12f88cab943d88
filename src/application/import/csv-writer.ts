import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';

/**
 * Rows as a CSV stream written by csv-stringify: comma-separated, a field quoted when it holds a comma, a
 * quote, a CR or an LF (quotes doubled), LF between records, no byte-order mark. Rows are pulled as the
 * client reads, so a long history is never one string in memory.
 */
export function writeCsv(header: readonly string[], rows: Iterable<readonly string[]>): Readable {
  function* records(): Generator<readonly string[]> {
    yield header;
    yield* rows;
  }
  // csv-stringify quotes a field with LF but not one with a lone CR, which readers take for a line end.
  return Readable.from(records()).pipe(stringify({ record_delimiter: 'unix', quoted_match: /\r/ }));
}
