import { useHoldings } from '../../api/queries/holdings';
import { usePortfolioAnalytics } from '../../api/queries/portfolios';
import { MissingRatesWarning } from '../household/exchange-rates/MissingRatesWarning';
import type { MissingRate } from '../household/exchange-rates/rate-links';

/** Each missing rate once, in the order the answers list them. */
function distinct(lists: readonly (readonly MissingRate[] | undefined)[]): MissingRate[] {
  const seen = new Map<string, MissingRate>();
  for (const rate of lists.flatMap((list) => list ?? [])) seen.set(`${rate.base}/${rate.quote}/${rate.date}`, rate);
  return [...seen.values()];
}

/**
 * One warning for the whole page: the rates that the holdings and the analytics (the same queries their sections
 * read) needed and did not find.
 */
export function PortfolioMissingRates({ portfolioId }: { portfolioId: string }) {
  const holdings = useHoldings(portfolioId);
  const analytics = usePortfolioAnalytics(portfolioId);
  return <MissingRatesWarning missing={distinct([holdings.data?.fx_missing, analytics.data?.fx_missing])} />;
}
