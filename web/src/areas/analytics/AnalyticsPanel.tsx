import { useId } from 'react';
import type { Answer } from '../../api/client';
import { AllocationCharts } from './AllocationCharts';
import { IndustryGroupTable } from './IndustryGroupTable';
import { OverweightList } from './OverweightList';
import { PerformanceFigures } from './PerformanceFigures';
import { RiskSummary } from './RiskSummary';
import { ValueFigures } from './ValueFigures';
import './analytics.css';

export type Analytics = Answer<'/api/v1/analytics'>;

/**
 * A portfolio's or the household's analytics: value, cost and P&L figures, allocation charts
 * ("Allocation by sector", "Allocation by stock"), overweight positions, diversification, risk and
 * performance (product.md section 11, "analytics"). Every number is the server's, only formatted here.
 */
export function AnalyticsPanel({ analytics, currency }: { analytics: Analytics; currency: string }) {
  const headingId = useId();
  return (
    <section className="analytics" aria-labelledby={headingId}>
      <h2 id={headingId}>Analytics</h2>
      <ValueFigures analytics={analytics} currency={currency} />
      <PerformanceFigures performance={analytics.performance} />
      <section className="analytics-part">
        <h3>Risk and diversification</h3>
        <RiskSummary analytics={analytics} />
      </section>
      <OverweightList analytics={analytics} />
      <AllocationCharts allocation={analytics.allocation} currency={currency} />
      <IndustryGroupTable items={analytics.allocation.by_industry_group} currency={currency} />
    </section>
  );
}
