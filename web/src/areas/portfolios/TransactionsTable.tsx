import type { Trade } from '../../api/queries/trades';
import { Decimal, Money } from '../../ui/Numbers';
import { Table } from '../../ui/Table';
import { tradeTypeLabel } from './tradeTypes';

const COLUMNS = ['Date', 'Type', 'Symbol', 'Quantity', 'Price', 'Fee', 'Amount', 'Ratio'] as const;
const NUMERIC = ['Quantity', 'Price', 'Fee', 'Amount', 'Ratio'];

interface TransactionsTableProps {
  trades: Trade[];
  currency: string;
  /** Given to those who may change the trades (a writer, in an active portfolio): each row gets "Edit" and "Delete". */
  onEdit?: (trade: Trade) => void;
  onDelete?: (trade: Trade) => void;
}

/** The "Transactions" table: one page of the portfolio's trades, as the API gives them. */
export function TransactionsTable({ trades, currency, onEdit, onDelete }: TransactionsTableProps) {
  const actions = onEdit !== undefined || onDelete !== undefined;
  const columns = actions ? [...COLUMNS, 'Actions'] : COLUMNS;
  return (
    <Table name="Transactions" columns={columns} numeric={NUMERIC}>
      {trades.map((trade) => (
        <tr key={trade.id}>
          <td>{trade.trade_date}</td>
          <td>{tradeTypeLabel(trade.type)}</td>
          <td>{trade.symbol}</td>
          <td className="num">
            <Decimal value={trade.quantity} />
          </td>
          <td className="num">
            <Decimal value={trade.price} />
          </td>
          <td className="num">
            <Money value={trade.fee} currency={currency} />
          </td>
          <td className="num">
            <Money value={trade.amount} currency={currency} />
          </td>
          <td className="num">{trade.ratio ?? '—'}</td>
          {actions && (
            <td>
              <div className="row-actions">
                {onEdit && (
                  <button type="button" onClick={() => onEdit(trade)}>
                    Edit
                  </button>
                )}
                {onDelete && (
                  <button type="button" className="danger" onClick={() => onDelete(trade)}>
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
