import { useState } from 'react';
import { Link, useParams } from 'wouter';
import { useStockChoices } from '../../api/queries/choices';
import { tradesCsvUrl } from '../../api/queries/imports';
import { usePortfolio } from '../../api/queries/portfolios';
import type { Trade } from '../../api/queries/trades';
import { useSession } from '../../app/session';
import { LoadError, Loading } from '../../ui/EmptyState';
import { AddTradeDialog } from './AddTradeDialog';
import { BalancesSection } from './BalancesSection';
import { DeleteTradeDialog } from './DeleteTradeDialog';
import { EditTradeDialog } from './EditTradeDialog';
import { HoldingsSection } from './HoldingsSection';
import { PortfolioAnalytics } from './PortfolioAnalytics';
import { PortfolioMissingRates } from './PortfolioMissingRates';
import { PortfolioTargetsSection } from './PortfolioTargetsSection';
import { TransactionsSection } from './TransactionsSection';
import './portfolios.css';

type Open =
  | { dialog: 'add' }
  | { dialog: 'edit'; trade: Trade }
  | { dialog: 'delete'; trade: Trade; symbol: string }
  | null;

/** A portfolio's page: holdings with totals, transactions, balances, analytics and its targets. */
export default function PortfolioPage() {
  const { id = '' } = useParams<{ id: string }>();
  const { canWrite } = useSession();
  const portfolio = usePortfolio(id);
  const stocks = useStockChoices();
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);

  if (portfolio.isPending) return <Loading what="the portfolio" />;
  if (portfolio.isError)
    return (
      <section>
        <h1>Portfolio</h1>
        <LoadError error={portfolio.error} retry={() => portfolio.refetch()} />
        <p>
          <Link href="/portfolios">Back to the portfolios</Link>
        </p>
      </section>
    );

  const { name, currency, description, cost_basis_method, is_active } = portfolio.data;
  // The API refuses every change to the trades of an inactive portfolio, so none is offered.
  const canTrade = canWrite && is_active;
  const choices = stocks.data ?? [];

  return (
    <section className="portfolio">
      <div className="page-head">
        <div>
          <h1>{name}</h1>
          <p className="muted portfolio-facts">
            {currency} · {cost_basis_method === 'fifo' ? 'FIFO' : 'Average'} cost
            {!is_active && (
              <>
                {' '}
                <span className="status portfolio-status">Inactive</span>
              </>
            )}
          </p>
        </div>
        <div className="page-actions">
          {canTrade && (
            <button type="button" className="primary" onClick={() => setOpen({ dialog: 'add' })}>
              Add trade
            </button>
          )}
          {canTrade && (
            <Link href={`/portfolios/${id}/import`} className="button">
              Import trades
            </Link>
          )}
          <a href={tradesCsvUrl(id)} download className="button">
            Export CSV
          </a>
        </div>
      </div>
      {description && <p className="portfolio-description">{description}</p>}
      {!is_active && (
        <p className="alert portfolio-inactive-note">
          This portfolio is inactive: it takes no new trades, and its trades cannot be edited or deleted.
          {canWrite && (
            <>
              {' '}
              To trade in it again, make it active with “Edit” on the <Link href="/portfolios">Portfolios</Link> page.
            </>
          )}
        </p>
      )}
      <PortfolioMissingRates portfolioId={id} />
      <HoldingsSection portfolioId={id} canTrade={canTrade} />
      <TransactionsSection
        portfolioId={id}
        stocks={choices}
        dialogOpen={open !== null}
        canChange={canTrade}
        onEdit={(trade) => setOpen({ dialog: 'edit', trade })}
        onDelete={(trade, symbol) => setOpen({ dialog: 'delete', trade, symbol })}
      />
      <BalancesSection portfolioId={id} currency={currency} />
      <PortfolioAnalytics portfolioId={id} />
      <PortfolioTargetsSection portfolioId={id} />
      {open?.dialog === 'add' && <AddTradeDialog portfolioId={id} stocks={choices} onClose={close} />}
      {open?.dialog === 'edit' && (
        <EditTradeDialog portfolioId={id} trade={open.trade} stocks={choices} onClose={close} />
      )}
      {open?.dialog === 'delete' && (
        <DeleteTradeDialog portfolioId={id} trade={open.trade} symbol={open.symbol} onClose={close} />
      )}
    </section>
  );
}
