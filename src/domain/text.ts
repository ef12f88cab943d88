/** Text rules shared by every resource: trim first, then check; blank optional text is null. */

export function optionalText(value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return value;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** Notes are never null: blank or cleared notes are the empty string. */
export function notesText(value: string | null | undefined): string | undefined {
  if (value === undefined) return undefined;
  return value === null ? '' : value.trim();
}

/** Length in code points, so an emoji counts once. */
export function textLength(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}
