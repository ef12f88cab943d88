import type { Trade } from '../../api/queries/trades';
import { Decimal, Money } from '../../ui/Numbers';
import { Table } from '../../ui/Table';
import { tradeTypeLabel } from './tradeTypes';

const COLUMNS = ['Date', 'Type', 'Symbol', 'Quantity', 'Price', 'Fee', 'Amount', 'Ratio'] as const;
const NUMERIC = ['Quantity', 'Price', 'Fee', 'Amount', 'Ratio'];

interface TransactionsTableProps {
  trades: Trade[];
  /** A stock's trading currency, which its trades' price, fee and amount are in (undefined while unknown). */
  currencyOf: (stockId: string) => string | undefined;
  /** Given to those who may change the trades (a writer, in an active portfolio): each row gets "Edit" and "Delete". */
  onEdit?: (trade: Trade) => void;
  onDelete?: (trade: Trade) => void;
}

/** The "Transactions" table: one page of the portfolio's trades, as the API gives them, in their stocks' currencies. */
export function TransactionsTable({ trades, currencyOf, onEdit, onDelete }: TransactionsTableProps) {
  const actions = onEdit !== undefined || onDelete !== undefined;
  const columns = actions ? [...COLUMNS, 'Actions'] : COLUMNS;
  return (
    <Table name="Transactions" columns={columns} numeric={NUMERIC}>
      {trades.map((trade) => {
        const currency = currencyOf(trade.stock_id);
        const amount = (value: string | null) =>
          currency === undefined ? <Decimal value={value} /> : <Money value={value} currency={currency} />;
        return (
          <tr key={trade.id}>
            <td>{trade.trade_date}</td>
            <td>{tradeTypeLabel(trade.type)}</td>
            <td>{trade.symbol}</td>
            <td className="num">
              <Decimal value={trade.quantity} />
            </td>
            <td className="num">{amount(trade.price)}</td>
            <td className="num">{amount(trade.fee)}</td>
            <td className="num">{amount(trade.amount)}</td>
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
        );
      })}
    </Table>
  );
}
