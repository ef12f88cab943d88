import type { HouseholdImport } from '../../api/queries/household-file';
import { HOUSEHOLD_FILE_URL, useHouseholdIsEmpty, useImportHousehold } from '../../api/queries/household-file';
import { ImportHouseholdForm } from './ImportHouseholdForm';

type Summary = HouseholdImport['summary'];

/** Each kind of object the import counts, in the person's words (one, many). */
const KINDS: Record<keyof Summary, [string, string]> = {
  stocks: ['stock', 'stocks'],
  prices: ['price', 'prices'],
  portfolios: ['portfolio', 'portfolios'],
  transactions: ['trade', 'trades'],
  balances: ['balance', 'balances'],
  targets: ['target', 'targets'],
  journal: ['journal entry', 'journal entries'],
  fx_rates: ['exchange rate', 'exchange rates'],
};

/** The server's counts in words, e.g. "3 stocks, 12 prices, 2 portfolios, …". */
function summaryText(summary: Summary): string {
  return (Object.keys(KINDS) as (keyof Summary)[])
    .map((kind) => {
      const [one, many] = KINDS[kind];
      return `${summary[kind].toLocaleString()} ${summary[kind] === 1 ? one : many}`;
    })
    .join(', ');
}

/**
 * Owners take the whole household out as one file ("Export household"), and bring such a file into a household
 * that has no stocks and no portfolios yet ("Import household"; the form shows only then).
 */
export function HouseholdFileSection() {
  const empty = useHouseholdIsEmpty();
  const load = useImportHousehold();
  return (
    <div className="card household-file">
      <p>
        <a href={HOUSEHOLD_FILE_URL} download className="button">
          Export household
        </a>
      </p>
      <p className="hint">
        One JSON file with the stocks, prices, exchange rates, portfolios and their trades and balances, targets and
        journal: a backup that “Import household” reads back. It holds no password.
      </p>
      {load.isSuccess && (
        <p role="status" className="household-imported">
          Imported the household file: {summaryText(load.data.summary)}.
        </p>
      )}
      {empty && !load.isSuccess && (
        <>
          <h3>Import household</h3>
          <p className="hint">This household has no stocks and no portfolios yet, so it can take a household file.</p>
          <ImportHouseholdForm error={load.error} busy={load.isPending} onImport={(file) => load.mutate(file)} />
        </>
      )}
    </div>
  );
}
