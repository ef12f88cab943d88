/** The rules of fetched closes that do not depend on a provider (product.md section 13). */

/** How far back the first fetch of a stock reaches. */
export const HISTORY_YEARS = 5;

const MS_PER_DAY = 86_400_000;

function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function utcMs(day: string): number {
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
}

/**
 * The first day to fetch for a stock: the day after its latest provider close (closes entered by hand do not
 * move it), or HISTORY_YEARS before today when it has none.
 */
export function fetchStart(latestProviderDate: string | null, today: string): string {
  if (latestProviderDate !== null) return dayOf(utcMs(latestProviderDate) + MS_PER_DAY);
  const year = Number(today.slice(0, 4)) - HISTORY_YEARS;
  return dayOf(Date.UTC(year, Number(today.slice(5, 7)) - 1, Number(today.slice(8, 10))));
}
