import { Link } from 'wouter';
import type { Stock } from '../../api/queries/stocks';
import { currencyName } from '../../format';
import { Money } from '../../ui/Numbers';
import { Table } from '../../ui/Table';

const COLUMNS = ['Symbol', 'Company', 'Sector', 'Grade', 'Price', 'Currency'] as const;

interface StocksTableProps {
  stocks: readonly Stock[];
  /** Row actions, only for people who may write. */
  onEdit?: (stock: Stock) => void;
  onDelete?: (stock: Stock) => void;
}

/** The catalog: each stock with its latest close in its own currency, as the server gives it. */
export function StocksTable({ stocks, onEdit, onDelete }: StocksTableProps) {
  const actions = onEdit !== undefined || onDelete !== undefined;
  return (
    <Table name="Stocks" columns={actions ? [...COLUMNS, 'Actions'] : COLUMNS} numeric={['Price']}>
      {stocks.map((stock) => (
        <tr key={stock.id}>
          <td>
            <Link href={`/stocks/${stock.id}`}>{stock.symbol}</Link>
          </td>
          <td>{stock.company_name ?? '—'}</td>
          <td>{stock.sector ?? '—'}</td>
          <td>{stock.grade ?? '—'}</td>
          <td className="num">
            <Money value={stock.current_price} currency={stock.currency} />
          </td>
          <td>
            <abbr title={currencyName(stock.currency)}>{stock.currency}</abbr>
          </td>
          {actions && (
            <td>
              <div className="row-actions">
                {onEdit && (
                  <button type="button" onClick={() => onEdit(stock)}>
                    Edit
                  </button>
                )}
                {onDelete && (
                  <button type="button" className="danger" onClick={() => onDelete(stock)}>
                    Delete
                  </button>
                )}
              </div>
            </td>
          )}
        </tr>
      ))}
    </Table>
  );
}
