import { useId } from 'react';
import type { StockChoice } from '../../api/queries/choices';
import type { TradeFilters, TradeType } from '../../api/queries/trades';
import { TRADE_TYPES } from './tradeTypes';

type Narrowing = Omit<TradeFilters, 'page'>;

interface TransactionFiltersProps {
  filters: Narrowing;
  stocks: StockChoice[];
  onChange: (filters: Narrowing) => void;
}

/** Narrows the "Transactions" table by stock, type and a range of trade dates (the server filters). */
export function TransactionFilters({ filters, stocks, onChange }: TransactionFiltersProps) {
  const id = useId();
  const set = (change: Partial<Narrowing>) => onChange({ ...filters, ...change });
  const filtered = filters.stockId !== '' || filters.type !== '' || filters.from !== '' || filters.to !== '';
  return (
    <search className="toolbar" aria-label="Transaction filters">
      <div className="field">
        <label htmlFor={`${id}-stock`}>Stock</label>
        <select id={`${id}-stock`} value={filters.stockId} onChange={(e) => set({ stockId: e.target.value })}>
          <option value="">Every stock</option>
          {stocks.map((stock) => (
            <option key={stock.id} value={stock.id}>
              {stock.symbol}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-type`}>Type</label>
        <select
          id={`${id}-type`}
          value={filters.type}
          onChange={(e) => set({ type: e.target.value as '' | TradeType })}
        >
          <option value="">Every type</option>
          {TRADE_TYPES.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-from`}>From</label>
        <input id={`${id}-from`} type="date" value={filters.from} onChange={(e) => set({ from: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>To</label>
        <input id={`${id}-to`} type="date" value={filters.to} onChange={(e) => set({ to: e.target.value })} />
      </div>
      {filtered && (
        <button type="button" onClick={() => onChange({ stockId: '', type: '', from: '', to: '' })}>
          Clear filters
        </button>
      )}
    </search>
  );
}
