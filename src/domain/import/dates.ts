import { isDay, normalizeTradeDate } from '../portfolio/dates.js';

/** The date forms an import reads (product.md §12), for messages. */
export const IMPORT_DATE_FORMATS = 'YYYY-MM-DD, DD-MM-YYYY, DD.MM.YYYY, DD/MM/YYYY, YYYYMMDD or an ISO timestamp';

const DAY_FIRST = /^(\d{2})([-./])(\d{2})\2(\d{4})$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

/**
 * A file's date as the API takes it: `YYYY-MM-DD`, or an ISO timestamp normalized to UTC (stored as the trade's
 * day and time). Day-first forms are read as day, month, year, never month first. Null when the text is none
 * of the forms or names no real day (31.04.2024).
 */
export function parseImportDate(text: string): string | null {
  const value = text.trim();
  const dayFirst = DAY_FIRST.exec(value);
  const compact = dayFirst === null ? COMPACT.exec(value) : null;
  if (dayFirst !== null || compact !== null) {
    const day =
      dayFirst !== null
        ? `${dayFirst[4]}-${dayFirst[3]}-${dayFirst[1]}`
        : `${compact?.[1]}-${compact?.[2]}-${compact?.[3]}`;
    return isDay(day) ? day : null;
  }
  return normalizeTradeDate(value);
}
