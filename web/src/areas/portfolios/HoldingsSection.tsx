import { useId } from 'react';
import { useHoldings } from '../../api/queries/holdings';
import { EmptyState, LoadError, Loading } from '../../ui/EmptyState';
import { HoldingsTable } from './HoldingsTable';

/** The portfolio's holdings with the totals row, or what to do before there are any. */
export function HoldingsSection({ portfolioId, canTrade }: { portfolioId: string; canTrade: boolean }) {
  const headingId = useId();
  const holdings = useHoldings(portfolioId);
  return (
    <section className="holdings" aria-labelledby={headingId}>
      <h2 id={headingId}>Holdings</h2>
      {holdings.isPending ? (
        <Loading what="the holdings" />
      ) : holdings.isError ? (
        <LoadError error={holdings.error} retry={() => holdings.refetch()} />
      ) : holdings.data.items.length === 0 ? (
        <EmptyState title="No holdings yet">
          <p>
            {canTrade
              ? 'Add the first buy with “Add trade”; each stock held is listed here with its cost and value.'
              : 'Once trades are recorded in this portfolio, each stock held is listed here with its cost and value.'}
          </p>
        </EmptyState>
      ) : (
        <HoldingsTable holdings={holdings.data} />
      )}
    </section>
  );
}
