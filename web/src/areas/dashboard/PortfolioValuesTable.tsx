import { Link } from 'wouter';
import type { PortfolioSummary } from '../../api/queries/portfolios';
import { Money } from '../../ui/Numbers';
import { Table } from '../../ui/Table';

const COLUMNS = ['Name', 'Value', 'Unrealized P&L', 'Realized P&L', 'Dividends'] as const;

/**
 * "Portfolio values": each portfolio's value, P&L and dividends in its own currency ("—" where a rate it needs is
 * missing), linking to its page.
 */
export function PortfolioValuesTable({ portfolios }: { portfolios: readonly PortfolioSummary[] }) {
  return (
    <Table name="Portfolio values" columns={COLUMNS} numeric={COLUMNS.slice(1)}>
      {portfolios.map((portfolio) => (
        <tr key={portfolio.id}>
          <td>
            <Link href={`/portfolios/${portfolio.id}`}>{portfolio.name}</Link>
            {!portfolio.is_active && <span className="muted"> (inactive)</span>}
          </td>
          <td className="num">
            <Money value={portfolio.value} currency={portfolio.currency} />
          </td>
          <td className="num">
            <Money value={portfolio.unrealized_pnl} currency={portfolio.currency} signed />
          </td>
          <td className="num">
            <Money value={portfolio.realized_pnl} currency={portfolio.currency} signed />
          </td>
          <td className="num">
            <Money value={portfolio.dividends} currency={portfolio.currency} />
          </td>
        </tr>
      ))}
    </Table>
  );
}
