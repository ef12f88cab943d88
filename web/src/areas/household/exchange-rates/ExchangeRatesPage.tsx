import { useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { type FxRate, useFxRates } from '../../../api/queries/fx-rates';
import { useHousehold } from '../../../api/queries/household';
import { useSession } from '../../../app/session';
import { EmptyState, LoadError, Loading } from '../../../ui/EmptyState';
import { Pager, useStayWithinPages } from '../../../ui/Pager';
import { AddRateDialog } from './AddRateDialog';
import { ExchangeRateFilters, type PairFilters } from './ExchangeRateFilters';
import { ExchangeRatesTable } from './ExchangeRatesTable';
import { EXCHANGE_RATES_PATH, type MissingRate, requestedRate } from './rate-links';
import './exchange-rates.css';

type Adding = { start: Partial<MissingRate>; back?: string } | null;

/**
 * The household's exchange rates, newest first: filters by base and quote, paging, and "Add rate" (owners and
 * members). A missing-rate warning links here with "Add rate" open and filled in, and is gone back to once saved.
 */
export default function ExchangeRatesPage() {
  const { canWrite } = useSession();
  const [, navigate] = useLocation();
  const search = useSearch();
  const household = useHousehold();
  const [filters, setFilters] = useState<PairFilters>({ base: '', quote: '' });
  const [page, setPage] = useState(1);
  const [adding, setAdding] = useState<Adding>(() => {
    const requested = canWrite ? requestedRate(search) : null;
    return requested === null ? null : { start: requested, back: requested.back };
  });
  const [saved, setSaved] = useState<FxRate | null>(null);
  const rates = useFxRates({ ...filters, page });
  const filtered = filters.base !== '' || filters.quote !== '';
  useStayWithinPages(page, rates.data?.pages, setPage);

  const close = () => {
    setAdding(null);
    // The address asked for the dialog: once it is closed, a reload does not open it again.
    if (search) navigate(EXCHANGE_RATES_PATH, { replace: true });
  };
  const done = (rate: FxRate) => {
    const back = adding?.back;
    setAdding(null);
    if (back !== undefined) navigate(back);
    else setSaved(rate);
  };

  return (
    <section className="exchange-rates">
      <p className="exchange-rates-back">
        <Link href="/household">Household</Link>
      </p>
      <div className="page-head">
        <h1>Exchange rates</h1>
        {canWrite && (
          <button
            type="button"
            className="primary"
            onClick={() => setAdding({ start: { quote: household.data?.base_currency } })}
          >
            Add rate
          </button>
        )}
      </div>
      <p className="muted exchange-rates-about">
        One unit of the base currency costs the rate in the quote currency: EUR → USD 1.10 means 1 EUR = 1.10 USD.
        Amounts are converted with the rate of their day, else the latest one of the 7 days before; the reverse pair and
        one cross through a third currency are used when needed.
      </p>
      {saved && (
        <p role="status" className="muted">
          Saved: 1 {saved.base} = {saved.rate} {saved.quote} on {saved.date}.
        </p>
      )}
      {/* Behind an open dialog the filters step aside, so that "Base" and "Quote" name the dialog's fields alone. */}
      {adding === null && (
        <ExchangeRateFilters
          filters={filters}
          onChange={(next) => {
            setFilters(next);
            setPage(1);
          }}
        />
      )}
      {rates.isPending ? (
        <Loading what="the exchange rates" />
      ) : rates.isError ? (
        <LoadError error={rates.error} retry={() => rates.refetch()} />
      ) : rates.data.total === 0 ? (
        filtered ? (
          <EmptyState title="No exchange rate matches">
            <p>Change or clear the filters to see more rates.</p>
          </EmptyState>
        ) : (
          <EmptyState title="No exchange rates yet">
            <p>
              {canWrite
                ? 'A holding in another currency than its portfolio needs a rate: add one with “Add rate”, or let the market-data refresh fetch them.'
                : 'The rates appear here once a member adds them or the market-data refresh fetches them.'}
            </p>
          </EmptyState>
        )
      ) : (
        <>
          <ExchangeRatesTable rates={rates.data.items} />
          <p className="muted">
            {rates.data.total} {rates.data.total === 1 ? 'rate' : 'rates'}
          </p>
          <Pager label="Exchange rates pages" page={rates.data.page} pages={rates.data.pages} onPage={setPage} />
        </>
      )}
      {adding !== null && <AddRateDialog start={adding.start} onSaved={done} onClose={close} />}
    </section>
  );
}
