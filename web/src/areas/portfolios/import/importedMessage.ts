import type { ImportReport } from '../../../api/queries/imports';

function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/** What an applied import did, in one sentence, e.g. "Imported 12 trades and created 2 stocks." */
export function importedMessage({ summary }: ImportReport): string {
  const stocks = summary.stocks_created > 0 ? ` and created ${count(summary.stocks_created, 'stock', 'stocks')}` : '';
  const duplicates =
    summary.duplicates > 0
      ? ` ${count(summary.duplicates, 'row was', 'rows were')} already in the portfolio and left out.`
      : '';
  return `Imported ${count(summary.created, 'trade', 'trades')}${stocks}.${duplicates}`;
}
