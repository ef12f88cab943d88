/**
 * PostgreSQL's wire protocol counts a statement's bind parameters in 16 bits (at most 65,535), and PGlite's
 * client reads that count as a signed number: past 32,767 it fails. Batches stay within the signed range.
 */
const MAX_PARAMETERS = 32_767;

/**
 * Writes `rows` in as few statements as the parameter limit allows (a multi-row INSERT binds every value),
 * in order: rows keep the order given, so a sequence column follows it.
 */
export async function inBatches<T>(
  rows: readonly T[],
  parametersPerRow: number,
  write: (batch: T[]) => Promise<unknown>,
): Promise<void> {
  const size = Math.max(1, Math.floor(MAX_PARAMETERS / parametersPerRow));
  for (let start = 0; start < rows.length; start += size) await write(rows.slice(start, start + size));
}
