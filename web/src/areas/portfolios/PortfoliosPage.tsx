import { useState } from 'react';
import { useHousehold } from '../../api/queries/household';
import { type PortfolioSummary, usePortfolios } from '../../api/queries/portfolios';
import { useSession } from '../../app/session';
import { EmptyState, LoadError, Loading } from '../../ui/EmptyState';
import { Pager, useStayWithinPages } from '../../ui/Pager';
import { EditPortfolioDialog } from './EditPortfolioDialog';
import { NewPortfolioDialog } from './NewPortfolioDialog';
import { PortfoliosTable } from './PortfoliosTable';
import './portfolios.css';

type Open = { dialog: 'new' } | { dialog: 'edit'; portfolio: PortfolioSummary } | null;

/** The household's portfolios: their value and P&L, and creating, editing and deactivating them. */
export default function PortfoliosPage() {
  const { canWrite } = useSession();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<Open>(null);
  const portfolios = usePortfolios(page);
  // Asked for now, so that "New portfolio" opens with the household's base currency already known.
  useHousehold();
  const close = () => setOpen(null);
  useStayWithinPages(page, portfolios.data?.pages, setPage);

  return (
    <section className="portfolios">
      <div className="page-head">
        <h1>Portfolios</h1>
        {canWrite && (
          <button type="button" className="primary" onClick={() => setOpen({ dialog: 'new' })}>
            New portfolio
          </button>
        )}
      </div>
      {portfolios.isPending ? (
        <Loading what="portfolios" />
      ) : portfolios.isError ? (
        <LoadError error={portfolios.error} retry={() => portfolios.refetch()} />
      ) : portfolios.data.total === 0 ? (
        <EmptyState title="No portfolios yet">
          <p>
            {canWrite
              ? 'Create your first portfolio with “New portfolio”, then add its trades on its page.'
              : 'The household’s portfolios appear here once a member creates the first one.'}
          </p>
        </EmptyState>
      ) : (
        <>
          <PortfoliosTable
            portfolios={portfolios.data.items}
            onEdit={canWrite ? (portfolio) => setOpen({ dialog: 'edit', portfolio }) : undefined}
          />
          <Pager label="Portfolios pages" page={portfolios.data.page} pages={portfolios.data.pages} onPage={setPage} />
        </>
      )}
      {open?.dialog === 'new' && <NewPortfolioDialog onClose={close} />}
      {open?.dialog === 'edit' && <EditPortfolioDialog portfolio={open.portfolio} onClose={close} />}
    </section>
  );
}
