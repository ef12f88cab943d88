import { useState } from 'react';
import { usePrices } from '../../api/queries/prices';
import { EmptyState, LoadError, Loading } from '../../ui/EmptyState';
import { Money } from '../../ui/Numbers';
import { Pager } from '../../ui/Pager';
import { Table } from '../../ui/Table';

/** Where a close came from, in the person's words. */
const SOURCES = { manual: 'Manual', provider: 'Provider' } as const;

/** The "Prices" table: the stock's closes, newest first, a page at a time. */
export function PricesSection({
  stockId,
  currency,
  canWrite,
}: {
  stockId: string;
  /** The stock's trading currency, which its closes are in. */
  currency: string;
  canWrite: boolean;
}) {
  const [page, setPage] = useState(1);
  const prices = usePrices(stockId, page);
  if (prices.isPending) return <Loading what="prices" />;
  if (prices.isError) return <LoadError error={prices.error} retry={() => prices.refetch()} />;
  if (prices.data.total === 0)
    return (
      <EmptyState title="No prices yet">
        <p>
          {canWrite
            ? 'Add the latest close with “Add price”, or paste many lines of date,close with “Paste prices”.'
            : 'Closing prices appear here once a member records them.'}
        </p>
      </EmptyState>
    );
  return (
    <>
      <Table name="Prices" columns={['Date', 'Close', 'Source']} numeric={['Close']}>
        {prices.data.items.map((price) => (
          <tr key={price.date}>
            <td>{price.date}</td>
            <td className="num">
              <Money value={price.close} currency={currency} />
            </td>
            <td>{SOURCES[price.source]}</td>
          </tr>
        ))}
      </Table>
      <Pager label="Prices pages" page={prices.data.page} pages={prices.data.pages} onPage={setPage} />
    </>
  );
}
