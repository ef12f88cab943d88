import { ApiError, type FieldProblem } from '../../api/client';
import type { PriceEntry } from '../../api/queries/prices';

/** One pasted `date,close` line, with its line number in the text (1 = first line). */
interface PastedLine extends PriceEntry {
  line: number;
}

const LINE = /^(\d{4}-\d{2}-\d{2})\s*[,;\t]\s*([+-]?\d+(?:\.\d+)?)$/;

/**
 * Reads pasted `date,close` lines (blank lines skipped). Lines of another shape are reported, by their line
 * number, before anything is sent; whether a date exists or a close is allowed is the server's to say.
 */
export function readPastedPrices(textValue: string): { lines: PastedLine[]; problems: FieldProblem[] } {
  const lines: PastedLine[] = [];
  const problems: FieldProblem[] = [];
  textValue.split(/\r?\n/).forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed === '') return;
    const match = LINE.exec(trimmed);
    if (match === null)
      problems.push({ field: 'prices', message: `Line ${index + 1} is not date,close: “${trimmed}”` });
    else lines.push({ date: match[1] ?? '', close: match[2] ?? '', line: index + 1 });
  });
  if (lines.length === 0 && problems.length === 0)
    problems.push({ field: 'prices', message: 'Paste at least one line of date,close' });
  return { lines, problems };
}

/** The form's error for lines that are not `date,close`, shown before sending. */
export function pastedShapeError(problems: FieldProblem[]): ApiError {
  const count = problems.length;
  return new ApiError(
    0,
    'PASTED_LINES',
    `${count} ${count === 1 ? 'line is' : 'lines are'} not date,close. Correct ${count === 1 ? 'it' : 'them'} and save again.`,
    problems,
  );
}

/** The server's refusal with each `prices.N.field` detail turned into the pasted line it came from. */
export function onPastedLines(error: unknown, lines: readonly PastedLine[]): unknown {
  if (!(error instanceof ApiError)) return error;
  const details = error.details.map((detail) => {
    const match = /^prices\.(\d+)\.?(.*)$/.exec(detail.field);
    const line = match ? lines[Number(match[1])]?.line : undefined;
    if (match === null || line === undefined) return { field: 'prices', message: detail.message };
    const what = match[2] ? `${match[2]} ` : '';
    return { field: 'prices', message: `Line ${line}: ${what}${detail.message}` };
  });
  return new ApiError(error.status, error.code, error.message, details, error.requestId);
}
