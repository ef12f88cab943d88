import { Link } from 'wouter';
import type { Target } from '../../api/queries/targets';
import { Decimal } from '../../ui/Numbers';
import { Table } from '../../ui/Table';
import { statusLabel } from './statuses';

interface TargetsTableProps {
  targets: readonly Target[];
  portfolioName: (portfolioId: string) => string;
  /** Given when the person may write: the row buttons "Cancel target" and "Reactivate". */
  onStatus?: (target: Target, status: 'active' | 'cancelled') => void;
  busy?: boolean;
}

const COLUMNS = ['Symbol', 'Portfolio', 'Pivot price', 'Failure price', 'Status', 'Decided at', 'Changed'] as const;
const NUMERIC = ['Pivot price', 'Failure price', 'Decided at'];

/** The "Targets" table; hit and failed rows stand out by their status word and their marking, not colour alone. */
export function TargetsTable({ targets, portfolioName, onStatus, busy = false }: TargetsTableProps) {
  const columns = onStatus ? [...COLUMNS, 'Actions'] : COLUMNS;
  return (
    <Table name="Targets" columns={columns} numeric={NUMERIC}>
      {targets.map((target) => (
        <tr key={target.id} className={`target-row status-${target.status}`}>
          <td>
            <Link href={`/stocks/${target.stock_id}`}>{target.symbol}</Link>
          </td>
          <td>{portfolioName(target.portfolio_id)}</td>
          <td className="num">
            <Decimal value={target.pivot_price} />
          </td>
          <td className="num">
            <Decimal value={target.failure_price} />
          </td>
          <td>
            <span className={`status status-${target.status}`}>{statusLabel(target.status)}</span>
          </td>
          <td className="num">
            {target.triggered_price === null ? (
              '—'
            ) : (
              <>
                <Decimal value={target.triggered_price} />
                {target.triggered_on && <span className="muted"> on {target.triggered_on}</span>}
              </>
            )}
          </td>
          <td>{target.updated_at.slice(0, 10)}</td>
          {onStatus && (
            <td>
              <div className="row-actions">
                {target.status === 'active' && (
                  <button type="button" disabled={busy} onClick={() => onStatus(target, 'cancelled')}>
                    Cancel target
                  </button>
                )}
                {target.status === 'cancelled' && (
                  <button type="button" disabled={busy} onClick={() => onStatus(target, 'active')}>
                    Reactivate
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
