/** The rules of fetched closes that do not depend on a provider (product.md section 13). */
import { dayNumber, dayOfMs, MS_PER_DAY } from './portfolio/dates.js';

/** How far back the first fetch of a stock reaches. */
const HISTORY_YEARS = 5;

/**
 * The first day to fetch for a stock: the day after its latest provider close (closes entered by hand do not
 * move it), or HISTORY_YEARS before today when it has none.
 */
export function fetchStart(latestProviderDate: string | null, today: string): string {
  if (latestProviderDate !== null) return dayOfMs((dayNumber(latestProviderDate) + 1) * MS_PER_DAY);
  const year = Number(today.slice(0, 4)) - HISTORY_YEARS;
  return dayOfMs(Date.UTC(year, Number(today.slice(5, 7)) - 1, Number(today.slice(8, 10))));
}
