import { Link } from 'wouter';
import type { PortfolioChoice } from '../../api/queries/choices';
import { Money } from '../../ui/Numbers';
import { Table } from '../../ui/Table';

export interface PortfolioValue extends PortfolioChoice {
  value: string;
  unrealized_pnl: string;
}

const COLUMNS = ['Name', 'Value', 'Unrealized P&L'] as const;

/** "Portfolio values": each portfolio's value and unrealized P&L in its own currency, linking to its page. */
export function PortfolioValuesTable({ portfolios }: { portfolios: PortfolioValue[] }) {
  return (
    <Table name="Portfolio values" columns={COLUMNS} numeric={['Value', 'Unrealized P&L']}>
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
        </tr>
      ))}
    </Table>
  );
}
