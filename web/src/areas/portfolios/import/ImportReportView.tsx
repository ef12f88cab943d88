import type { ImportReport } from '../../../api/queries/imports';
import { ImportRowsTable } from './ImportRowsTable';
import { ImportSummary } from './ImportSummary';

/** A report's counts and rows, headed by what it is. */
export function ImportReportView({ title, report }: { title: string; report: ImportReport }) {
  return (
    <section className="import-report" aria-label={title}>
      <h2>{title}</h2>
      <ImportSummary report={report} />
      <ImportRowsTable rows={report.rows} />
    </section>
  );
}
