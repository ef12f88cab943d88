import { useId } from 'react';
import { CurrencySelect } from '../../../ui/CurrencySelect';

export interface PairFilters {
  /** '' = every currency. */
  base: string;
  quote: string;
}

/** The exchange rates' filters: by base currency and by quote currency. */
export function ExchangeRateFilters({
  filters,
  onChange,
}: {
  filters: PairFilters;
  onChange: (filters: PairFilters) => void;
}) {
  const id = useId();
  return (
    <search aria-label="Find exchange rates" className="toolbar">
      <div className="field">
        <label htmlFor={`${id}-base`}>Filter by base</label>
        <CurrencySelect
          id={`${id}-base`}
          empty="All currencies"
          value={filters.base}
          onChange={(base) => onChange({ ...filters, base })}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-quote`}>Filter by quote</label>
        <CurrencySelect
          id={`${id}-quote`}
          empty="All currencies"
          value={filters.quote}
          onChange={(quote) => onChange({ ...filters, quote })}
        />
      </div>
      {(filters.base !== '' || filters.quote !== '') && (
        <button type="button" className="quiet" onClick={() => onChange({ base: '', quote: '' })}>
          Clear filters
        </button>
      )}
    </search>
  );
}
