import { Link } from 'wouter';
import type { PortfolioSummary } from '../../api/queries/portfolios';
import { Money } from '../../ui/Numbers';
import { Table } from '../../ui/Table';

const COLUMNS = ['Name', 'Value', 'Unrealized P&L', 'Positions'] as const;
const NUMERIC = ['Value', 'Unrealized P&L', 'Positions'];

interface PortfoliosTableProps {
  portfolios: PortfolioSummary[];
  /** Given to those who may write: each row gets "Edit". */
  onEdit?: (portfolio: PortfolioSummary) => void;
}

/** The "Portfolios" table: each portfolio's value and unrealized P&L in its own currency. */
export function PortfoliosTable({ portfolios, onEdit }: PortfoliosTableProps) {
  const columns = onEdit ? [...COLUMNS, 'Actions'] : COLUMNS;
  return (
    <Table name="Portfolios" columns={columns} numeric={NUMERIC}>
      {portfolios.map((portfolio) => (
        <tr key={portfolio.id} className={portfolio.is_active ? undefined : 'portfolio-inactive'}>
          <th scope="row">
            <Link href={`/portfolios/${portfolio.id}`}>{portfolio.name}</Link>
            {!portfolio.is_active && (
              <>
                {' '}
                <span className="status portfolio-status">Inactive</span>
              </>
            )}
          </th>
          <td className="num">
            <Money value={portfolio.value} currency={portfolio.currency} />
          </td>
          <td className="num">
            <Money value={portfolio.unrealized_pnl} currency={portfolio.currency} signed />
          </td>
          <td className="num">{portfolio.position_count}</td>
          {onEdit && (
            <td>
              <div className="row-actions">
                <button type="button" onClick={() => onEdit(portfolio)}>
                  Edit
                </button>
              </div>
            </td>
          )}
        </tr>
      ))}
    </Table>
  );
}
