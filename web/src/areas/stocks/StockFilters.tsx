import { useId } from 'react';
import type { Sector } from '../../api/queries/sectors';
import { GRADES } from './grades';

export interface CatalogFilters {
  search: string;
  sector: string;
  grade: string;
}

interface StockFiltersProps {
  filters: CatalogFilters;
  sectors: readonly Sector[];
  onChange: (filters: CatalogFilters) => void;
}

/** The catalog's search box and its sector and grade filters. */
export function StockFilters({ filters, sectors, onChange }: StockFiltersProps) {
  const id = useId();
  return (
    <search aria-label="Find stocks" className="toolbar stock-filters">
      <div className="field">
        <label htmlFor={`${id}-search`}>Search stocks</label>
        <input
          id={`${id}-search`}
          type="search"
          placeholder="Symbol or name"
          value={filters.search}
          onChange={(event) => onChange({ ...filters, search: event.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-sector`}>Filter by sector</label>
        <select
          id={`${id}-sector`}
          value={filters.sector}
          onChange={(event) => onChange({ ...filters, sector: event.target.value })}
        >
          <option value="">All sectors</option>
          {sectors.map((sector) => (
            <option key={sector.name} value={sector.name}>
              {sector.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-grade`}>Filter by grade</label>
        <select
          id={`${id}-grade`}
          value={filters.grade}
          onChange={(event) => onChange({ ...filters, grade: event.target.value })}
        >
          <option value="">All grades</option>
          {GRADES.map((grade) => (
            <option key={grade} value={grade}>
              {grade}
            </option>
          ))}
        </select>
      </div>
    </search>
  );
}
