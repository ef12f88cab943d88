import { useState } from 'react';
import { Link } from 'wouter';
import { useHousehold } from '../../api/queries/household';
import { useSectors } from '../../api/queries/sectors';
import { type Stock, useStocks } from '../../api/queries/stocks';
import { useSession } from '../../app/session';
import { EmptyState, LoadError, Loading } from '../../ui/EmptyState';
import { Pager, useStayWithinPages } from '../../ui/Pager';
import { useDebounced } from '../../ui/useDebounced';
import { AddStockDialog } from './AddStockDialog';
import { DeleteStockDialog } from './DeleteStockDialog';
import { EditStockDialog } from './EditStockDialog';
import { type CatalogFilters, StockFilters } from './StockFilters';
import { StocksTable } from './StocksTable';
import './stocks.css';

type Open = { dialog: 'add' } | { dialog: 'edit'; stock: Stock } | { dialog: 'delete'; stock: Stock } | null;

/** The household's stock catalog: search, filters, paging, and adding, editing and deleting stocks. */
export default function StocksPage() {
  const { canWrite } = useSession();
  const sectors = useSectors();
  // Asked for now, so that "Add stock" opens with the household's base currency already known.
  useHousehold();
  const [filters, setFilters] = useState<CatalogFilters>({ search: '', sector: '', grade: '' });
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<Open>(null);
  const search = useDebounced(filters.search.trim());
  const stocks = useStocks({ search, sector: filters.sector, grade: filters.grade, page });
  const filtered = search !== '' || filters.sector !== '' || filters.grade !== '';

  const changeFilters = (next: CatalogFilters) => {
    setFilters(next);
    setPage(1);
  };
  const close = () => setOpen(null);
  useStayWithinPages(page, stocks.data?.pages, setPage);

  return (
    <section className="stocks">
      <div className="page-head">
        <h1>Stocks</h1>
        <div className="page-actions">
          {canWrite && (
            <button type="button" className="primary" onClick={() => setOpen({ dialog: 'add' })}>
              Add stock
            </button>
          )}
          <Link href="/market-data" className="button">
            Market data
          </Link>
        </div>
      </div>
      {/* Behind an open dialog the filters step aside, so that "Sector" and "Grade" name the dialog's fields alone. */}
      {open === null && <StockFilters filters={filters} sectors={sectors.data ?? []} onChange={changeFilters} />}
      {stocks.isPending ? (
        <Loading what="stocks" />
      ) : stocks.isError ? (
        <LoadError error={stocks.error} retry={() => stocks.refetch()} />
      ) : stocks.data.total === 0 ? (
        filtered ? (
          <EmptyState title="No stock matches">
            <p>Change the search or the filters to see more stocks.</p>
          </EmptyState>
        ) : (
          <EmptyState title="No stocks yet">
            <p>
              {canWrite
                ? 'Add your first stock with “Add stock”: its symbol, company, sector and grade.'
                : 'The stocks the household follows appear here once a member adds the first one.'}
            </p>
          </EmptyState>
        )
      ) : (
        <>
          <StocksTable
            stocks={stocks.data.items}
            onEdit={canWrite ? (stock) => setOpen({ dialog: 'edit', stock }) : undefined}
            onDelete={canWrite ? (stock) => setOpen({ dialog: 'delete', stock }) : undefined}
          />
          <p className="muted stocks-count">
            {stocks.data.total} {stocks.data.total === 1 ? 'stock' : 'stocks'}
          </p>
          <Pager label="Stocks pages" page={stocks.data.page} pages={stocks.data.pages} onPage={setPage} />
        </>
      )}
      {open?.dialog === 'add' && <AddStockDialog onClose={close} />}
      {open?.dialog === 'edit' && <EditStockDialog stock={open.stock} onClose={close} />}
      {open?.dialog === 'delete' && <DeleteStockDialog stock={open.stock} onClose={close} />}
    </section>
  );
}
