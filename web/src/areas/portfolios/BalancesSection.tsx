import { useId, useState } from 'react';
import { useBalancePerformance, useBalancesPage } from '../../api/queries/balances';
import { useSession } from '../../app/session';
import { EmptyState, LoadError, Loading } from '../../ui/EmptyState';
import { Pager } from '../../ui/Pager';
import { AddBalanceDialog } from './balances/AddBalanceDialog';
import { BalanceChart } from './balances/BalanceChart';
import { BalancesTable } from './balances/BalancesTable';
import './balances/balances.css';

/** A portfolio's balances: the "Balances" table, "Add balance", and the balance over time against the index. */
export function BalancesSection({ portfolioId, currency }: { portfolioId: string; currency: string }) {
  const { canWrite } = useSession();
  const headingId = useId();
  const [page, setPage] = useState(1);
  const list = useBalancesPage(portfolioId, page);
  const performance = useBalancePerformance(portfolioId);

  return (
    <section className="balances" aria-labelledby={headingId}>
      <div className="page-head">
        <h2 id={headingId}>Balances</h2>
        {canWrite && <AddBalanceDialog portfolioId={portfolioId} currency={currency} />}
      </div>
      {list.isPending ? (
        <Loading what="the balances" />
      ) : list.isError ? (
        <LoadError error={list.error} retry={() => list.refetch()} />
      ) : list.data.total === 0 ? (
        <EmptyState title="No balances yet">
          <p>
            {canWrite
              ? "Add the portfolio's balance at the end of a day, with the deposits, withdrawals and the index's change that day, to see its time-weighted return, drawdown and how it did against the index."
              : 'Once a member of the household records balances, they are shown here with the returns they give.'}
          </p>
        </EmptyState>
      ) : (
        <div className="balances-body">
          {performance.isError ? (
            <LoadError error={performance.error} retry={() => performance.refetch()} />
          ) : performance.data ? (
            <BalanceChart points={performance.data} currency={currency} />
          ) : (
            <Loading what="the chart" />
          )}
          <div>
            <BalancesTable balances={list.data.items} currency={currency} />
            <Pager label="Balances pages" page={list.data.page} pages={list.data.pages} onPage={setPage} />
          </div>
        </div>
      )}
    </section>
  );
}
