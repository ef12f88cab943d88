import type { ImportReport } from '../../../api/queries/imports';
import { ImportReportView } from './ImportReportView';

interface DryRunProps {
  report: ImportReport;
  busy: boolean;
  /** Given when the file may be imported as checked. */
  onImport?: () => void;
}

/** The dry run's report, then "Import" when the file has no error and something to record. */
export function DryRun({ report, busy, onImport }: DryRunProps) {
  return (
    <>
      <ImportReportView title="Dry run" report={report} />
      {report.summary.errors > 0 || onImport === undefined ? (
        <p className="muted">Nothing can be imported while a row has an error. Correct the file and check it again.</p>
      ) : report.summary.created === 0 ? (
        <p className="muted">Every row is already in this portfolio or skipped: there is nothing to import.</p>
      ) : (
        <div className="import-apply">
          <button type="button" className="primary" disabled={busy} onClick={onImport}>
            Import
          </button>
          <span className="muted">
            Records the rows marked “Will be created”; duplicates and skipped rows are left out.
          </span>
        </div>
      )}
    </>
  );
}
