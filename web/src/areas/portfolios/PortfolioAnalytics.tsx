import { usePortfolioAnalytics } from '../../api/queries/portfolios';
import { LoadError, Loading } from '../../ui/EmptyState';
import { AnalyticsPanel } from '../analytics/AnalyticsPanel';

/** The portfolio's analytics, fetched here and shown by the shared analytics panel. */
export function PortfolioAnalytics({ portfolioId }: { portfolioId: string }) {
  const analytics = usePortfolioAnalytics(portfolioId);
  if (analytics.isPending) return <Loading what="the analytics" />;
  if (analytics.isError) return <LoadError error={analytics.error} retry={() => analytics.refetch()} />;
  return <AnalyticsPanel analytics={analytics.data} currency={analytics.data.currency} />;
}
