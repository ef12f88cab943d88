import { Link } from 'wouter';
import { usePortfolioChoices } from '../../api/queries/choices';
import { useStockTargets } from '../../api/queries/stocks';
import { EmptyState, LoadError, Loading } from '../../ui/EmptyState';
import { Decimal } from '../../ui/Numbers';
import { Table } from '../../ui/Table';

const STATUS = { active: 'Active', hit: 'Hit', failed: 'Failed', cancelled: 'Cancelled' } as const;

/** "Stock targets": the pivot and failure prices set on this stock, in every portfolio. */
export function StockTargetsSection({ stockId }: { stockId: string }) {
  const targets = useStockTargets(stockId);
  const portfolios = usePortfolioChoices();
  if (targets.isPending) return <Loading what="targets" />;
  if (targets.isError) return <LoadError error={targets.error} retry={() => targets.refetch()} />;
  if (targets.data.total === 0)
    return (
      <EmptyState title="No targets for this stock">
        <p>
          Set a pivot and a failure price on the <Link href="/targets">Targets</Link> page.
        </p>
      </EmptyState>
    );
  const nameOf = (id: string) => portfolios.data?.find((p) => p.id === id)?.name ?? '…';
  return (
    <Table
      name="Stock targets"
      columns={['Portfolio', 'Pivot price', 'Failure price', 'Status']}
      numeric={['Pivot price', 'Failure price']}
    >
      {targets.data.items.map((target) => (
        <tr key={target.id}>
          <td>
            <Link href={`/portfolios/${target.portfolio_id}`}>{nameOf(target.portfolio_id)}</Link>
          </td>
          <td className="num">
            <Decimal value={target.pivot_price} />
          </td>
          <td className="num">
            <Decimal value={target.failure_price} />
          </td>
          <td>
            <span className={`status status-${target.status}`}>{STATUS[target.status]}</span>
            {target.triggered_on && <span className="muted"> on {target.triggered_on}</span>}
          </td>
        </tr>
      ))}
    </Table>
  );
}
