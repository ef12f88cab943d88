import { Link } from 'wouter';
import type { Holding, Holdings } from '../../api/queries/holdings';
import { currencyName, formatMoney } from '../../format';
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
  'Price effect',
  'Currency effect',
] as const;
/** Shown only when a stock is in another currency than the portfolio: its own currency and value in it. */
const NATIVE = ['Native currency', 'Native value'] as const;
const NUMERIC = [...COLUMNS.filter((c) => c !== 'Symbol'), 'Native value'];

/** When the price is from, and what it is in the stock's own currency when that differs. */
function priceNote(h: Holding, currency: string): string {
  if (h.price_date === null) return 'No price yet';
  const native = h.native_currency === currency ? '' : ` (${formatMoney(h.native_current_price, h.native_currency)})`;
  return `Closing price of ${h.price_date}${native}`;
}

/**
 * The "Holdings" table: each position as the server derives it from the trades, in the portfolio's currency ("—"
 * where a rate it needs is missing), with the unrealized P&L split into its price and currency effects, and the
 * server's totals. A stock in another currency also shows its native currency and value.
 */
export function HoldingsTable({ holdings }: { holdings: Holdings }) {
  const { totals, currency } = holdings;
  const foreign = holdings.items.some((h) => h.native_currency !== currency);
  const columns = foreign ? [...COLUMNS, ...NATIVE] : COLUMNS;
  return (
    <Table
      name="Holdings"
      columns={columns}
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
          <td className="num">
            <Money value={totals.price_effect} currency={currency} signed />
          </td>
          <td className="num">
            <Money value={totals.currency_effect} currency={currency} signed />
          </td>
          {foreign && (
            <>
              <td />
              <td />
            </>
          )}
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
            <Money value={h.average_cost} currency={currency} />
          </td>
          <td className="num">
            <Money value={h.cost_basis} currency={currency} />
          </td>
          <td className="num" title={priceNote(h, currency)}>
            <Money value={h.current_price} currency={currency} />
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
          <td className="num">
            <Money value={h.price_effect} currency={currency} signed />
          </td>
          <td className="num">
            <Money value={h.currency_effect} currency={currency} signed />
          </td>
          {foreign &&
            (h.native_currency === currency ? (
              <>
                <td />
                <td />
              </>
            ) : (
              <>
                <td>
                  <abbr title={currencyName(h.native_currency)}>{h.native_currency}</abbr>
                </td>
                <td className="num">
                  <Money value={h.native_market_value} currency={h.native_currency} />
                </td>
              </>
            ))}
        </tr>
      ))}
    </Table>
  );
}
