import type { MarketDataRun } from '../../../api/queries/market-data';
import { Table } from '../../../ui/Table';

/** The "Market data errors" table: each stock the last run could not refresh, and why. */
export function MarketDataErrorsTable({ errors }: { errors: MarketDataRun['errors'] }) {
  return (
    <Table name="Market data errors" columns={['Symbol', 'Message']}>
      {errors.map((error) => (
        <tr key={`${error.symbol}:${error.message}`}>
          <td>{error.symbol}</td>
          <td className="market-data-message">{error.message}</td>
        </tr>
      ))}
    </Table>
  );
}
