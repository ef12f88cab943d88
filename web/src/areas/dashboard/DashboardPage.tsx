import { useHouseholdAnalytics, useRecentTargets } from '../../api/queries/analytics';
import { usePortfolioChoices } from '../../api/queries/choices';
import { currencyName } from '../../format';
import { LoadError, Loading } from '../../ui/EmptyState';
import { AllocationCharts } from '../analytics/AllocationCharts';
import { OverweightList } from '../analytics/OverweightList';
import { RiskSummary } from '../analytics/RiskSummary';
import { ValueFigures } from '../analytics/ValueFigures';
import { MissingRatesWarning } from '../household/exchange-rates/MissingRatesWarning';
import { DashboardEmpty } from './DashboardEmpty';
import { PortfolioValuesTable } from './PortfolioValuesTable';
import { RecentTargetsSection } from './RecentTargetsSection';
import '../analytics/analytics.css';
import './dashboard.css';

/**
 * The household at a glance. Every query starts at once (no waterfall), and each part shows as soon as its
 * own answer arrives; the charts' library loads only when they are drawn.
 */
export default function DashboardPage() {
  const analytics = useHouseholdAnalytics();
  const portfolios = usePortfolioChoices();
  const targets = useRecentTargets();

  return (
    <section className="dashboard">
      <div className="page-head">
        <h1>Dashboard</h1>
      </div>
      {portfolios.isPending ? (
        <Loading what="the household's numbers" />
      ) : portfolios.isError ? (
        <LoadError error={portfolios.error} retry={() => portfolios.refetch()} />
      ) : portfolios.data.length === 0 ? (
        <DashboardEmpty />
      ) : (
        <>
          {analytics.isPending ? (
            <Loading what="the household's numbers" />
          ) : analytics.isError ? (
            <LoadError error={analytics.error} retry={() => analytics.refetch()} />
          ) : (
            <>
              <MissingRatesWarning missing={analytics.data.fx_missing} />
              <p className="muted dashboard-currency">
                In {analytics.data.currency} ({currencyName(analytics.data.currency)}), the household’s base currency.
              </p>
              <ValueFigures analytics={analytics.data} currency={analytics.data.currency} />
            </>
          )}
          <section aria-labelledby="portfolio-values-heading">
            <h2 id="portfolio-values-heading">Portfolios</h2>
            <PortfolioValuesTable portfolios={portfolios.data} />
          </section>
          {analytics.data && (
            <>
              <AllocationCharts allocation={analytics.data.allocation} currency={analytics.data.currency} level={2} />
              <section className="analytics-part" aria-labelledby="risk-heading">
                <h2 id="risk-heading">Risk and diversification</h2>
                <RiskSummary analytics={analytics.data} />
                <OverweightList analytics={analytics.data} level={3} />
              </section>
            </>
          )}
          <RecentTargetsSection targets={targets} />
        </>
      )}
    </section>
  );
}
