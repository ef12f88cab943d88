import type { PortfolioChoice, StockChoice } from '../../api/queries/choices';
import type { TargetFilters as Filters } from '../../api/queries/targets';
import { STATUSES } from './statuses';

type Choice = Omit<Filters, 'page'>;

interface TargetFiltersProps {
  filters: Choice;
  portfolios: readonly PortfolioChoice[];
  stocks: readonly StockChoice[];
  onChange: (filters: Choice) => void;
}

/** Narrow the list by status, portfolio and stock; the API does the narrowing. */
export function TargetFilters({ filters, portfolios, stocks, onChange }: TargetFiltersProps) {
  return (
    <search className="toolbar" aria-label="Filter targets">
      <div className="field">
        <label htmlFor="targets-status">Status</label>
        <select
          id="targets-status"
          value={filters.status}
          onChange={(e) => onChange({ ...filters, status: e.target.value as Choice['status'] })}
        >
          <option value="">All</option>
          {STATUSES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="targets-portfolio">Portfolio</label>
        <select
          id="targets-portfolio"
          value={filters.portfolioId}
          onChange={(e) => onChange({ ...filters, portfolioId: e.target.value })}
        >
          <option value="">All portfolios</option>
          {portfolios.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="targets-stock">Stock</label>
        <select
          id="targets-stock"
          value={filters.stockId}
          onChange={(e) => onChange({ ...filters, stockId: e.target.value })}
        >
          <option value="">All stocks</option>
          {stocks.map((s) => (
            <option key={s.id} value={s.id}>
              {s.symbol}
            </option>
          ))}
        </select>
      </div>
    </search>
  );
}
