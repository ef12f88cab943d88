import type { Balance } from '../../../api/queries/balances';
import { Money, Percent } from '../../../ui/Numbers';
import { Table } from '../../../ui/Table';

const COLUMNS = ['Date', 'Final balance', 'Deposits', 'Withdrawals', 'Index change'] as const;
const NUMERIC = ['Final balance', 'Deposits', 'Withdrawals', 'Index change'] as const;

/** The "Balances" table, newest first as the server sorted it. */
export function BalancesTable({ balances, currency }: { balances: Balance[]; currency: string }) {
  return (
    <Table name="Balances" columns={COLUMNS} numeric={NUMERIC}>
      {balances.map((balance) => (
        <tr key={balance.id}>
          <td>{balance.date}</td>
          <td className="num">
            <Money value={balance.final_balance} currency={currency} />
          </td>
          <td className="num">
            <Money value={balance.deposits} currency={currency} />
          </td>
          <td className="num">
            <Money value={balance.withdrawals} currency={currency} />
          </td>
          <td className="num">
            <Percent value={balance.index_change} signed />
          </td>
        </tr>
      ))}
    </Table>
  );
}
