import type { ReactNode } from 'react';

interface TableProps {
  /** The table's accessible name (product.md section 11), e.g. "Holdings". */
  name: string;
  columns: readonly string[];
  /** Columns whose cells are numbers: aligned right. */
  numeric?: readonly string[];
  children: ReactNode;
  footer?: ReactNode;
}

/** A data table that scrolls sideways in its own box, so that the page never does on a phone. */
export function Table({ name, columns, numeric = [], children, footer }: TableProps) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling box must be reachable by keyboard.
    <section className="table-box" tabIndex={0} aria-label={`${name} table`}>
      <table aria-label={name}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col" className={numeric.includes(column) ? 'num' : undefined}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
        {footer && <tfoot>{footer}</tfoot>}
      </table>
    </section>
  );
}
