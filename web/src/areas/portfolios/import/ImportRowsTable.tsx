import { useId, useMemo, useState } from 'react';
import type { ImportRow } from '../../../api/queries/imports';
import { Pager } from '../../../ui/Pager';
import { Table } from '../../../ui/Table';
import { statusLabel, typeLabel } from './statuses';

/** Rows shown at once: a 10,000-row file stays quick to draw and to read, a page at a time. */
const PAGE_SIZE = 100;
const COLUMNS = ['Line', 'Status', 'Symbol', 'Type', 'Date', 'Message'] as const;

/** The "Import rows" table: every row of the report in line order; error rows are marked and can be shown alone. */
export function ImportRowsTable({ rows }: { rows: readonly ImportRow[] }) {
  const onlyErrorsId = useId();
  const [onlyErrors, setOnlyErrors] = useState(false);
  const [page, setPage] = useState(1);
  const errors = useMemo(() => rows.filter((row) => row.status === 'error').length, [rows]);
  const shown = useMemo(() => (onlyErrors ? rows.filter((row) => row.status === 'error') : rows), [rows, onlyErrors]);
  const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  const current = Math.min(page, pages);

  return (
    <div className="import-rows">
      {errors > 0 && (
        <div className="import-option">
          <input
            id={onlyErrorsId}
            type="checkbox"
            checked={onlyErrors}
            onChange={(event) => {
              setOnlyErrors(event.target.checked);
              setPage(1);
            }}
          />
          <label htmlFor={onlyErrorsId}>Show only errors</label>
        </div>
      )}
      <Table name="Import rows" columns={COLUMNS} numeric={['Line']}>
        {shown.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE).map((row) => (
          <tr key={row.line} className={`import-row status-${row.status}`}>
            <td className="num">{row.line}</td>
            <td>
              <span className={`status import-status-${row.status}`}>{statusLabel(row.status)}</span>
            </td>
            <td>{row.symbol ?? '—'}</td>
            <td>{typeLabel(row.type)}</td>
            <td>{row.trade_date ?? '—'}</td>
            <td className="import-message">{row.message ?? ''}</td>
          </tr>
        ))}
      </Table>
      <p className="muted">
        {shown.length === rows.length
          ? `${rows.length.toLocaleString()} ${rows.length === 1 ? 'row' : 'rows'}`
          : `${shown.length.toLocaleString()} of ${rows.length.toLocaleString()} rows`}
      </p>
      <Pager label="Import rows pages" page={current} pages={pages} onPage={setPage} />
    </div>
  );
}
