export type Cell = string | number | null | undefined;

export interface Table {
  title: string;
  columns: string[];
  rows: Cell[][];
  notes?: string[];
}

/** Numbers with sensible precision: integers as is, small values with decimals. */
export function fmt(value: Cell, digits?: number): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return '-';
  if (digits !== undefined) return value.toFixed(digits);
  if (Number.isInteger(value)) return String(value);
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function renderTable(table: Table): string {
  const cells = table.rows.map((row) => row.map((c) => fmt(c)));
  const widths = table.columns.map((name, i) => Math.max(name.length, ...cells.map((row) => (row[i] ?? '').length)));
  // The first column and text cells align left; numbers (and their '-') align right.
  const line = (values: string[], raw?: Cell[]) =>
    values
      .map((v, i) =>
        i === 0 || (raw !== undefined && typeof raw[i] === 'string')
          ? v.padEnd(widths[i] ?? 0)
          : v.padStart(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd();
  const out = [`\n${table.title}`, line(table.columns), widths.map((w) => '-'.repeat(w)).join('  ')];
  cells.forEach((row, i) => {
    out.push(line(row, table.rows[i]));
  });
  for (const note of table.notes ?? []) out.push(`  ${note}`);
  return out.join('\n');
}
