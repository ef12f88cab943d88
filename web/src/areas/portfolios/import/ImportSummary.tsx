import type { ImportReport } from '../../../api/queries/imports';

/** The report's counts: what the dry run would do, or what the import did. */
export function ImportSummary({ report }: { report: ImportReport }) {
  const { summary, dry_run: dryRun } = report;
  const figures = [
    ['Rows', summary.rows],
    [dryRun ? 'To create' : 'Created', summary.created],
    ['Duplicates', summary.duplicates],
    ['Skipped', summary.skipped],
    ['Errors', summary.errors],
    [dryRun ? 'Stocks to create' : 'Stocks created', summary.stocks_created],
  ] as const;
  return (
    <dl className="figures import-summary" aria-label={dryRun ? 'Dry run summary' : 'Import summary'}>
      {figures.map(([label, count]) => (
        <div key={label} className={label === 'Errors' && count > 0 ? 'import-errors' : undefined}>
          <dt>{label}</dt>
          <dd>{count.toLocaleString()}</dd>
        </div>
      ))}
    </dl>
  );
}
