import { useCallback, useId, useState } from 'react';
import type { StockChoice } from '../../api/queries/choices';
import { type Trade, type TradeFilters, useTrades } from '../../api/queries/trades';
import { EmptyState, LoadError, Loading } from '../../ui/EmptyState';
import { Pager, useStayWithinPages } from '../../ui/Pager';
import { TransactionFilters } from './TransactionFilters';
import { TransactionsTable } from './TransactionsTable';

interface TransactionsSectionProps {
  portfolioId: string;
  stocks: StockChoice[];
  /** Whether a dialog is open: the filters then step aside, so that "Stock", "Type" and "Date" name the dialog's fields alone. */
  dialogOpen: boolean;
  canChange: boolean;
  onEdit: (trade: Trade, symbol: string) => void;
  onDelete: (trade: Trade, symbol: string) => void;
}

const NO_FILTERS: TradeFilters = { stockId: '', type: '', from: '', to: '', page: 1 };

/** The portfolio's trades, newest first: filters by stock, type and dates, paging, and each row's Edit and Delete. */
export function TransactionsSection({
  portfolioId,
  stocks,
  dialogOpen,
  canChange,
  onEdit,
  onDelete,
}: TransactionsSectionProps) {
  const headingId = useId();
  const [filters, setFilters] = useState<TradeFilters>(NO_FILTERS);
  const trades = useTrades(portfolioId, filters);
  const filtered = filters.stockId !== '' || filters.type !== '' || filters.from !== '' || filters.to !== '';

  const toPage = useCallback((page: number) => setFilters((f) => ({ ...f, page })), []);
  useStayWithinPages(filters.page, trades.data?.pages, toPage);

  return (
    <section className="transactions" aria-labelledby={headingId}>
      <h2 id={headingId}>Transactions</h2>
      {!dialogOpen && (
        <TransactionFilters filters={filters} stocks={stocks} onChange={(next) => setFilters({ ...next, page: 1 })} />
      )}
      {trades.isPending ? (
        <Loading what="the transactions" />
      ) : trades.isError ? (
        <LoadError error={trades.error} retry={() => trades.refetch()} />
      ) : trades.data.total === 0 ? (
        filtered ? (
          <EmptyState title="No transaction matches">
            <p>Change or clear the filters to see more of this portfolio’s trades.</p>
          </EmptyState>
        ) : (
          <EmptyState title="No transactions yet">
            <p>
              {canChange
                ? 'Record the first buy with “Add trade”: the holdings and analytics follow from the trades.'
                : 'The trades of this portfolio appear here once they are recorded.'}
            </p>
          </EmptyState>
        )
      ) : (
        <>
          <TransactionsTable
            trades={trades.data.items}
            currencyOf={(stockId) => stocks.find((s) => s.id === stockId)?.currency}
            onEdit={canChange ? (trade) => onEdit(trade, trade.symbol) : undefined}
            onDelete={canChange ? (trade) => onDelete(trade, trade.symbol) : undefined}
          />
          <p className="muted">
            {trades.data.total} {trades.data.total === 1 ? 'transaction' : 'transactions'}
          </p>
          <Pager
            label="Transactions pages"
            page={trades.data.page}
            pages={trades.data.pages}
            onPage={(page) => setFilters((f) => ({ ...f, page }))}
          />
        </>
      )}
    </section>
  );
}
