import { useId } from 'react';
import { Link } from 'wouter';
import { usePortfolioTargets } from '../../api/queries/portfolios';
import { EmptyState, LoadError, Loading } from '../../ui/EmptyState';
import { Decimal } from '../../ui/Numbers';
import { Table } from '../../ui/Table';

const STATUS = { active: 'Active', hit: 'Hit', failed: 'Failed', cancelled: 'Cancelled' } as const;

/** "Portfolio targets": the pivot and failure prices set for this portfolio's stocks (managed on Targets). */
export function PortfolioTargetsSection({ portfolioId }: { portfolioId: string }) {
  const headingId = useId();
  const targets = usePortfolioTargets(portfolioId);
  return (
    <section className="portfolio-targets" aria-labelledby={headingId}>
      <div className="page-head">
        <h2 id={headingId}>Targets</h2>
        <Link href="/targets">All targets</Link>
      </div>
      {targets.isPending ? (
        <Loading what="the targets" />
      ) : targets.isError ? (
        <LoadError error={targets.error} retry={() => targets.refetch()} />
      ) : targets.data.total === 0 ? (
        <EmptyState title="No targets in this portfolio">
          <p>
            Set a pivot and a failure price for a stock on the <Link href="/targets">Targets</Link> page.
          </p>
        </EmptyState>
      ) : (
        <Table
          name="Portfolio targets"
          columns={['Symbol', 'Pivot price', 'Failure price', 'Status']}
          numeric={['Pivot price', 'Failure price']}
        >
          {targets.data.items.map((target) => (
            <tr key={target.id}>
              <th scope="row">
                <Link href={`/stocks/${target.stock_id}`}>{target.symbol}</Link>
              </th>
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
      )}
    </section>
  );
}
