import { useMemo, useState } from 'react';
import { usePortfolioChoices, useStockChoices } from '../../api/queries/choices';
import { type TargetFilters as Filters, useChangeTargetStatus, useTargets } from '../../api/queries/targets';
import { useSession } from '../../app/session';
import { EmptyState, LoadError, Loading } from '../../ui/EmptyState';
import { Pager, useStayWithinPages } from '../../ui/Pager';
import { NewTargetDialog } from './NewTargetDialog';
import { TargetFilters } from './TargetFilters';
import { TargetsTable } from './TargetsTable';
import './targets.css';

/** The household's price targets: by status, portfolio and stock; create, cancel and reactivate. */
export default function TargetsPage() {
  const { canWrite } = useSession();
  const [filters, setFilters] = useState<Omit<Filters, 'page'>>({ status: '', portfolioId: '', stockId: '' });
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const targets = useTargets({ ...filters, page });
  const stocks = useStockChoices();
  const portfolios = usePortfolioChoices();
  const changeStatus = useChangeTargetStatus();

  const names = useMemo(() => new Map((portfolios.data ?? []).map((p) => [p.id, p.name])), [portfolios.data]);
  const portfolioName = (id: string) => names.get(id) ?? '…';

  const filtered = filters.status !== '' || filters.portfolioId !== '' || filters.stockId !== '';
  const changeFilters = (next: Omit<Filters, 'page'>) => {
    setFilters(next);
    setPage(1);
  };
  useStayWithinPages(page, targets.data?.pages, setPage);

  return (
    <section className="targets">
      <div className="page-head">
        <h1>Targets</h1>
        {canWrite && (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            New target
          </button>
        )}
      </div>
      {/* While a dialog is open the filters step aside, so that "Portfolio" and "Stock" each name one control. */}
      {!creating && (
        <TargetFilters
          filters={filters}
          portfolios={portfolios.data ?? []}
          stocks={stocks.data ?? []}
          onChange={changeFilters}
        />
      )}
      {changeStatus.error !== null && (
        <p role="alert" className="alert">
          {changeStatus.error.message}
        </p>
      )}
      {targets.isPending ? (
        <Loading what="targets" />
      ) : targets.isError ? (
        <LoadError error={targets.error} retry={() => targets.refetch()} />
      ) : targets.data.total === 0 ? (
        filtered ? (
          <EmptyState title="No target matches">
            <p>Choose another status, portfolio or stock to see more targets.</p>
          </EmptyState>
        ) : (
          <EmptyState title="No targets yet">
            <p>
              {canWrite
                ? 'Set your first one with “New target”: a pivot price to reach and a failure price to watch, for a stock in a portfolio. Each new price is checked against them.'
                : 'The price targets of the household appear here once a member sets the first one.'}
            </p>
          </EmptyState>
        )
      ) : (
        <>
          <TargetsTable
            targets={targets.data.items}
            portfolioName={portfolioName}
            onStatus={canWrite ? (target, status) => changeStatus.mutate({ id: target.id, status }) : undefined}
            busy={changeStatus.isPending}
          />
          <p className="muted">
            {targets.data.total} {targets.data.total === 1 ? 'target' : 'targets'}
          </p>
          <Pager label="Targets pages" page={targets.data.page} pages={targets.data.pages} onPage={setPage} />
        </>
      )}
      {creating && <NewTargetDialog onClose={() => setCreating(false)} />}
    </section>
  );
}
