import { useState } from 'react';
import { Link, useParams } from 'wouter';
import { type ImportFile, ImportRefused, useApplyImport, useCheckImport } from '../../../api/queries/imports';
import { usePortfolio } from '../../../api/queries/portfolios';
import { useSession } from '../../../app/session';
import { LoadError, Loading } from '../../../ui/EmptyState';
import { DryRun } from './DryRun';
import { ImportFileForm } from './ImportFileForm';
import { ImportReportView } from './ImportReportView';
import { importedMessage } from './importedMessage';
import './import.css';

/**
 * "Import trades" into one portfolio: choose a file, see the dry run row by row ("Check file"), then apply it
 * ("Import"). The server reads the file and decides every row; this screen only shows its answers.
 */
export default function ImportPage() {
  const { id = '' } = useParams<{ id: string }>();
  const { canWrite } = useSession();
  const portfolio = usePortfolio(id);
  const check = useCheckImport(id);
  const apply = useApplyImport(id);
  const [checked, setChecked] = useState<ImportFile | null>(null);

  const startOver = () => {
    setChecked(null);
    check.reset();
    apply.reset();
  };
  const runCheck = (input: ImportFile) => {
    apply.reset();
    setChecked(input);
    check.mutate(input);
  };

  const back = (
    <p className="import-back">
      <Link href={`/portfolios/${id}`}>
        {portfolio.data ? `Back to ${portfolio.data.name}` : 'Back to the portfolio'}
      </Link>
    </p>
  );
  if (portfolio.isPending) return <Loading what="the portfolio" />;
  if (portfolio.isError)
    return (
      <section>
        <h1>Import trades</h1>
        <LoadError error={portfolio.error} retry={() => portfolio.refetch()} />
        {back}
      </section>
    );

  const { name, is_active } = portfolio.data;
  const dryRun = check.data ?? (check.error instanceof ImportRefused ? check.error.report : null);
  const refusal = apply.error ?? (check.error instanceof ImportRefused ? check.error : null);
  const appliedReport = apply.data ?? (apply.error instanceof ImportRefused ? apply.error.report : null);

  return (
    <section className="import">
      {back}
      <div className="page-head">
        <div>
          <h1>Import trades</h1>
          <p className="muted import-into">Into {name}</p>
        </div>
      </div>
      {!canWrite ? (
        <p>Only owners and members import trades. You can read this portfolio’s trades on its page.</p>
      ) : !is_active ? (
        <p className="alert">This portfolio is inactive: it takes no new trades. Make it active to import into it.</p>
      ) : (
        <>
          <ImportFileForm
            error={check.error instanceof ImportRefused ? null : check.error}
            busy={check.isPending || apply.isPending}
            onCheck={runCheck}
            onChange={startOver}
          />
          {(check.isPending || apply.isPending) && (
            <p className="loading" aria-live="polite">
              {check.isPending ? 'Checking the file…' : 'Importing…'}
            </p>
          )}
          {refusal && (
            <p role="alert" className="alert">
              {refusal.message}
            </p>
          )}
          {apply.isSuccess && (
            <p role="status" className="import-done">
              {importedMessage(apply.data)} <Link href={`/portfolios/${id}`}>See the holdings</Link>
            </p>
          )}
          {appliedReport ? (
            <ImportReportView title={apply.isError ? 'Import refused' : 'Import result'} report={appliedReport} />
          ) : (
            dryRun && (
              <DryRun
                report={dryRun}
                busy={apply.isPending}
                onImport={check.isSuccess && checked ? () => apply.mutate(checked) : undefined}
              />
            )
          )}
        </>
      )}
    </section>
  );
}
