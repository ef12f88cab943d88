import { parseDecimal } from '../decimal.js';
import { ValidationError } from '../errors.js';
import type { ImportField, ImportRecord } from './columns.js';

/** Ghostfolio's activity fields and the import fields they give; every other field is ignored. */
const ACTIVITY_FIELDS: ReadonlyArray<readonly [string, ImportField]> = [
  ['date', 'date'],
  ['symbol', 'symbol'],
  ['type', 'type'],
  ['quantity', 'quantity'],
  ['unitPrice', 'price'],
  ['fee', 'fee'],
  ['currency', 'currency'],
  ['comment', 'note'],
];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The activities of a Ghostfolio export (`{meta, accounts, activities: [...], ...}`) as import rows. A row's
 * `line` is the activity's 1-based position in `activities`. Numbers become their decimal text (1e-7 as 0.0000001);
 * a value that is neither text nor a number (nor null) makes its row an error, naming the field.
 */
export function ghostfolioRecords(document: unknown): ImportRecord[] {
  const activities = isObject(document) ? document.activities : undefined;
  if (!Array.isArray(activities))
    throw new ValidationError(
      [{ field: 'activities', message: 'must be an array of activities' }],
      'The file cannot be imported: it is JSON but not a Ghostfolio export (no activities array)',
    );
  return activities.map((activity, index) => {
    const record: ImportRecord = { line: index + 1 };
    if (!isObject(activity)) {
      record.problems = ['The activity is not an object'];
      return record;
    }
    const problems: string[] = [];
    for (const [name, field] of ACTIVITY_FIELDS) {
      const value = activity[name];
      if (value === undefined || value === null) continue;
      if (typeof value === 'string') record[field] = value;
      else if (typeof value === 'number') record[field] = parseDecimal(value)?.toFixed() ?? String(value);
      else problems.push(`${name} must be text or a number`);
    }
    if (problems.length > 0) record.problems = problems;
    return record;
  });
}
