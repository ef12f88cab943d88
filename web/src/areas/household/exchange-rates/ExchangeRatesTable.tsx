import type { FxRate } from '../../../api/queries/fx-rates';
import { Decimal } from '../../../ui/Numbers';
import { Table } from '../../../ui/Table';

const COLUMNS = ['Base', 'Quote', 'Date', 'Rate', 'Source'] as const;

/** Where a rate came from, in the person's words (as the Prices table says it of a close). */
const SOURCES = { manual: 'Manual', provider: 'Provider' } as const;

/** The "Exchange rates" table: one page of the household's rates, the exact decimals the server stored. */
export function ExchangeRatesTable({ rates }: { rates: readonly FxRate[] }) {
  return (
    <Table name="Exchange rates" columns={COLUMNS} numeric={['Rate']}>
      {rates.map((rate) => (
        <tr key={`${rate.base}/${rate.quote}/${rate.date}`}>
          <td>{rate.base}</td>
          <td>{rate.quote}</td>
          <td>{rate.date}</td>
          <td className="num" title={`1 ${rate.base} = ${rate.rate} ${rate.quote}`}>
            <Decimal value={rate.rate} />
          </td>
          <td>{SOURCES[rate.source]}</td>
        </tr>
      ))}
    </Table>
  );
}
