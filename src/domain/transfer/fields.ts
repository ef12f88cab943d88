import { MAX_DECIMAL_TEXT } from '../decimal.js';
import { type FieldError, ValidationError } from '../errors.js';
import { parseTimestamp } from '../portfolio/dates.js';

/**
 * Reading a household file field by field: every problem is collected under its path in the file
 * (`portfolios[0].transactions[3].quantity`), so one answer names them all.
 */

/** A file with thousands of bad rows is answered with the first problems, not all of them. */
export const MAX_REPORTED_PROBLEMS = 100;

export type FileObject = Record<string, unknown>;

/** The path of a field of the object at `path` (the file itself is at ''). */
export const fieldPath = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

export class Problems {
  readonly items: FieldError[] = [];
  count = 0;

  add(path: string, message: string): void {
    this.count++;
    if (this.items.length < MAX_REPORTED_PROBLEMS) this.items.push({ field: path, message });
  }

  /**
   * Runs a domain rule of the API and files its field errors under `path` (the rule's `tags.0` becomes
   * `journal[2].tags[0]`); null when the rule refused.
   */
  rule<T>(path: string, run: () => T): T | null {
    try {
      return run();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      for (const d of error.details) this.add(fieldPath(path, d.field.replace(/\.(\d+)/g, '[$1]')), d.message);
      return null;
    }
  }

  throwIfAny(): void {
    if (this.count === 0) return;
    const shown = this.count > this.items.length ? ` (the first ${this.items.length} are listed)` : '';
    throw new ValidationError(
      this.items,
      `The household file is not valid: ${this.count} problem${this.count === 1 ? '' : 's'}${shown}`,
    );
  }
}

/** An object with only the fields named in `keys` (an unknown field is refused, as in every request). */
export function fileObject(
  value: unknown,
  path: string,
  keys: readonly string[],
  problems: Problems,
): FileObject | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.add(path, 'must be an object');
    return null;
  }
  for (const key of Object.keys(value)) if (!keys.includes(key)) problems.add(fieldPath(path, key), 'Unknown field');
  return value as FileObject;
}

/** A list of the file; an absent one is empty. */
export function fileList(value: unknown, path: string, problems: Problems): unknown[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value;
  problems.add(path, 'must be an array');
  return [];
}

export function requiredText(object: FileObject, key: string, path: string, problems: Problems): string | null {
  const value = object[key];
  if (typeof value === 'string') return value;
  problems.add(fieldPath(path, key), value === undefined || value === null ? 'is required' : 'must be text');
  return null;
}

/** Text, `null` or absent; a value of another type is reported (and read as absent). */
export function optionalText(
  object: FileObject,
  key: string,
  path: string,
  problems: Problems,
): string | null | undefined {
  const value = object[key];
  if (value === undefined || value === null || typeof value === 'string') return value;
  problems.add(fieldPath(path, key), 'must be text or null');
  return undefined;
}

export function optionalBoolean(
  object: FileObject,
  key: string,
  path: string,
  problems: Problems,
): boolean | undefined {
  const value = object[key];
  if (value === undefined || typeof value === 'boolean') return value;
  problems.add(fieldPath(path, key), 'must be true or false');
  return undefined;
}

/** Decimals as the API takes them: numbers, or text of at most MAX_DECIMAL_TEXT characters (the rules do the rest). */
export function checkDecimalTexts(object: FileObject, keys: readonly string[], path: string, problems: Problems): void {
  for (const key of keys) {
    const value = object[key];
    if (typeof value === 'string' && value.length > MAX_DECIMAL_TEXT)
      problems.add(fieldPath(path, key), `must be at most ${MAX_DECIMAL_TEXT} characters`);
  }
}

/** A created_at or updated_at: an ISO 8601 timestamp, or absent (null: the time of the import). */
export function optionalTimestamp(object: FileObject, key: string, path: string, problems: Problems): Date | null {
  const value = object[key];
  if (value === undefined) return null;
  const parsed = typeof value === 'string' ? parseTimestamp(value) : null;
  if (parsed === null) problems.add(fieldPath(path, key), 'must be an ISO 8601 timestamp');
  return parsed;
}

/**
 * The ids of one kind of object. They only tie the file's objects together (the import gives every object
 * a new id), so any text will do, but each must be given once.
 */
export class FileIds<T> {
  private readonly byId = new Map<string, { path: string; value: T }>();

  /** Reads `object.id` and remembers `value` under it; null when it is missing or taken. */
  claim(object: FileObject, path: string, problems: Problems, value: T): string | null {
    const id = requiredText(object, 'id', path, problems);
    if (id === null) return null;
    const taken = this.byId.get(id);
    if (taken !== undefined) {
      problems.add(fieldPath(path, 'id'), `appears more than once (also ${taken.path})`);
      return null;
    }
    this.byId.set(id, { path, value });
    return id;
  }

  get(id: string): T | undefined {
    return this.byId.get(id)?.value;
  }

  /**
   * Reads a reference (`stock_id`, ...) to an object of this kind in the file: null when it is absent (reported
   * when `required`) or names nothing.
   */
  resolve(
    object: FileObject,
    key: string,
    path: string,
    problems: Problems,
    what: string,
    required: boolean,
  ): { id: string; value: T } | null {
    const ref = object[key];
    if (ref === undefined || ref === null) {
      if (required) problems.add(fieldPath(path, key), 'is required');
      return null;
    }
    const found = typeof ref === 'string' ? this.byId.get(ref) : undefined;
    if (found === undefined) {
      problems.add(fieldPath(path, key), `names no ${what} of the file`);
      return null;
    }
    return { id: ref as string, value: found.value };
  }
}
