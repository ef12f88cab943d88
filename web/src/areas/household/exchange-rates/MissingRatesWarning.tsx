import { Link, useLocation, useSearch } from 'wouter';
import { useSession } from '../../../app/session';
import { addRatePath, EXCHANGE_RATES_PATH, type MissingRate } from './rate-links';
import './missing-rates.css';

/** How many missing rates are listed one by one; the rest are counted. */
const LISTED = 5;

/**
 * Says which exchange rates an answer needed and did not find (the amounts that needed them show "—"), each with a
 * link that opens "Add rate" filled in with it and comes back here once it is saved. Nothing when none is missing.
 */
export function MissingRatesWarning({ missing }: { missing: readonly MissingRate[] }) {
  const { canWrite } = useSession();
  const [location] = useLocation();
  const search = useSearch();
  if (missing.length === 0) return null;
  const here = search ? `${location}?${search}` : location;
  const more = missing.length - LISTED;
  return (
    <div role="alert" className="alert fx-missing">
      <p className="fx-missing-why">
        Some amounts are not shown (—): they need {missing.length === 1 ? 'an exchange rate' : 'exchange rates'} that
        StockBook does not have.
      </p>
      <ul>
        {missing.slice(0, LISTED).map((rate) => (
          <li key={`${rate.base}/${rate.quote}/${rate.date}`}>
            Missing exchange rate: {rate.base} → {rate.quote} on {rate.date}.
            {canWrite && (
              <>
                {' '}
                <Link href={addRatePath(rate, here)}>
                  Add rate
                  <span className="visually-hidden">
                    {' '}
                    {rate.base} → {rate.quote} on {rate.date}
                  </span>
                </Link>
              </>
            )}
          </li>
        ))}
      </ul>
      {more > 0 && <p>And {more} more.</p>}
      {(more > 0 || !canWrite) && (
        <p>
          {canWrite ? 'Add them on' : 'An owner or member adds them on'}{' '}
          <Link href={EXCHANGE_RATES_PATH}>Exchange rates</Link>.
        </p>
      )}
    </div>
  );
}
