import type { Target } from '../../api/queries/analytics';
import { Decimal } from '../../ui/Numbers';
import { Table } from '../../ui/Table';

const COLUMNS = ['Symbol', 'Status', 'Pivot price', 'Failure price'] as const;

/** The statuses in the person's words, as the Targets page shows them. */
const LABELS: Record<Target['status'], string> = {
  active: 'Active',
  hit: 'Hit',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** "Recent targets": the targets hit or failed most recently, hit and failed standing out. */
export function RecentTargetsTable({ targets }: { targets: Target[] }) {
  return (
    <Table name="Recent targets" columns={COLUMNS} numeric={['Pivot price', 'Failure price']}>
      {targets.map((target) => (
        <tr key={target.id}>
          <td>{target.symbol}</td>
          <td>
            <span className={`status status-${target.status}`}>{LABELS[target.status]}</span>
            {target.triggered_on && <span className="muted"> on {target.triggered_on}</span>}
          </td>
          <td className="num">
            <Decimal value={target.pivot_price} />
          </td>
          <td className="num">
            <Decimal value={target.failure_price} />
          </td>
        </tr>
      ))}
    </Table>
  );
}
