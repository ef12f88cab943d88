import { useState } from 'react';
import { Link, useParams } from 'wouter';
import { useStock } from '../../api/queries/stocks';
import { useSession } from '../../app/session';
import { LoadError, Loading } from '../../ui/EmptyState';
import { AddPriceDialog } from './AddPriceDialog';
import { EditStockDialog } from './EditStockDialog';
import { PastePricesDialog } from './PastePricesDialog';
import { PriceHistoryChart } from './PriceHistoryChart';
import { PricesSection } from './PricesSection';
import { StockDetails } from './StockDetails';
import { StockJournalSection } from './StockJournalSection';
import { StockTargetsSection } from './StockTargetsSection';
import './stocks.css';

type Open = 'edit' | 'price' | 'paste' | null;

/** One stock: its details, price entry, price history, targets and journal entries. */
export default function StockPage() {
  const { id = '' } = useParams<{ id: string }>();
  const { canWrite } = useSession();
  const stock = useStock(id);
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);

  if (stock.isPending) return <Loading what="the stock" />;
  if (stock.isError)
    return (
      <section>
        <h1>Stock</h1>
        <LoadError error={stock.error} retry={() => stock.refetch()} />
        <p>
          <Link href="/stocks">Back to the stocks</Link>
        </p>
      </section>
    );

  return (
    <section className="stock">
      <p className="stock-back">
        <Link href="/stocks">Stocks</Link>
      </p>
      <div className="page-head">
        <div className="stock-title">
          <h1>{stock.data.symbol}</h1>
          {stock.data.company_name && <p className="stock-company">{stock.data.company_name}</p>}
        </div>
        {canWrite && (
          <button type="button" onClick={() => setOpen('edit')}>
            Edit stock
          </button>
        )}
      </div>
      <StockDetails stock={stock.data} />

      <div className="stock-section-head">
        <h2>Prices</h2>
        {canWrite && (
          <div className="row-actions">
            <button type="button" className="primary" onClick={() => setOpen('price')}>
              Add price
            </button>
            <button type="button" onClick={() => setOpen('paste')}>
              Paste prices
            </button>
          </div>
        )}
      </div>
      <div className="stock-prices">
        <PriceHistoryChart stockId={id} currency={stock.data.currency} />
        <PricesSection stockId={id} currency={stock.data.currency} canWrite={canWrite} />
      </div>

      <h2>Targets</h2>
      <StockTargetsSection stockId={id} />

      <h2>Journal</h2>
      <StockJournalSection stockId={id} />

      {open === 'edit' && <EditStockDialog stock={stock.data} onClose={close} />}
      {open === 'price' && <AddPriceDialog stockId={id} currency={stock.data.currency} onClose={close} />}
      {open === 'paste' && <PastePricesDialog stockId={id} onClose={close} />}
    </section>
  );
}
