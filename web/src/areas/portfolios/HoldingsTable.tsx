import { Link } from 'wouter';
import type { Holdings } from '../../api/queries/holdings';
import { Decimal, Money, Percent } from '../../ui/Numbers';
import { Table } from '../../ui/Table';

const COLUMNS = [
  'Symbol',
  'Quantity',
  'Average cost',
  'Cost basis',
  'Price',
  'Market value',
  'Unrealized P&L',
  'Realized P&L',
  'Dividends',
  'Weight',
] as const;
const NUMERIC = COLUMNS.filter((c) => c !== 'Symbol');

/** The "Holdings" table: each position as the server derives it from the trades, and the server's totals. */
export function HoldingsTable({ holdings, currency }: { holdings: Holdings; currency: string }) {
  const { totals } = holdings;
  return (
    <Table
      name="Holdings"
      columns={COLUMNS}
      numeric={NUMERIC}
      footer={
        <tr>
          <th scope="row">Total</th>
          <td />
          <td />
          <td className="num">
            <Money value={totals.cost_basis} currency={currency} />
          </td>
          <td />
          <td className="num">
            <Money value={totals.market_value} currency={currency} />
          </td>
          <td className="num">
            <Money value={totals.unrealized_pnl} currency={currency} signed />
          </td>
          <td className="num">
            <Money value={totals.realized_pnl} currency={currency} signed />
          </td>
          <td className="num">
            <Money value={totals.dividends} currency={currency} />
          </td>
          <td />
        </tr>
      }
    >
      {holdings.items.map((h) => (
        <tr key={h.stock_id}>
          <th scope="row">
            <Link href={`/stocks/${h.stock_id}`}>{h.symbol}</Link>
          </th>
          <td className="num">
            <Decimal value={h.quantity} />
          </td>
          <td className="num">
            <Decimal value={h.average_cost} />
          </td>
          <td className="num">
            <Money value={h.cost_basis} currency={currency} />
          </td>
          <td className="num" title={h.price_date ? `Closing price of ${h.price_date}` : 'No price yet'}>
            <Decimal value={h.current_price} />
          </td>
          <td className="num">
            <Money value={h.market_value} currency={currency} />
          </td>
          <td className="num">
            <Money value={h.unrealized_pnl} currency={currency} signed />
          </td>
          <td className="num">
            <Money value={h.realized_pnl} currency={currency} signed />
          </td>
          <td className="num">
            <Money value={h.dividends} currency={currency} />
          </td>
          <td className="num">
            <Percent value={h.weight} />
          </td>
        </tr>
      ))}
    </Table>
  );
}
