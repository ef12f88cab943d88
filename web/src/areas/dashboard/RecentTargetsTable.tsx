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

/** A target as the API answers it; `symbol` is being added to the answer (until then the stock's is looked up). */
type Named = Target & { symbol?: string | null };

/** "Recent targets": the targets hit or failed most recently, hit and failed standing out. */
export function RecentTargetsTable({
  targets,
  symbols,
}: {
  targets: Named[];
  /** Symbol by stock id, for answers without `symbol`. */
  symbols: ReadonlyMap<string, string>;
}) {
  return (
    <Table name="Recent targets" columns={COLUMNS} numeric={['Pivot price', 'Failure price']}>
      {targets.map((target) => (
        <tr key={target.id}>
          <td>{target.symbol ?? symbols.get(target.stock_id) ?? '…'}</td>
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
