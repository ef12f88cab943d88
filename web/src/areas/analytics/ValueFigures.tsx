import { Money } from '../../ui/Numbers';
import type { Analytics } from './AnalyticsPanel';
import { Figure } from './Figure';

/** Value, cost, unrealized and realized P&L and dividends, as the server computed them. */
export function ValueFigures({ analytics, currency }: { analytics: Analytics; currency: string }) {
  return (
    <dl className="figures">
      <Figure label="Value" note="holdings without a price count at cost">
        <Money value={analytics.value} currency={currency} />
      </Figure>
      <Figure label="Cost">
        <Money value={analytics.cost} currency={currency} />
      </Figure>
      <Figure label="Unrealized P&L">
        <Money value={analytics.unrealized_pnl} currency={currency} signed />
      </Figure>
      <Figure label="Realized P&L">
        <Money value={analytics.realized_pnl} currency={currency} signed />
      </Figure>
      <Figure label="Dividends">
        <Money value={analytics.dividends} currency={currency} />
      </Figure>
    </dl>
  );
}
