import { Money, Percent } from '../../ui/Numbers';
import { Table } from '../../ui/Table';
import type { Allocation } from './AllocationChart';

const COLUMNS = ['Industry group', 'Value', 'Share'] as const;

/** The allocation by GICS industry group, as a table (positions without one under "Unknown"). */
export function IndustryGroupTable({ items, currency }: { items: Allocation; currency: string }) {
  if (items.length === 0) return null;
  return (
    <Table name="Allocation by industry group" columns={COLUMNS} numeric={['Value', 'Share']}>
      {items.map((item) => (
        <tr key={item.name}>
          <td>{item.name}</td>
          <td className="num">
            <Money value={item.value} currency={currency} />
          </td>
          <td className="num">
            <Percent value={item.percentage} />
          </td>
        </tr>
      ))}
    </Table>
  );
}
