import { formatPercent } from '../../format';
import { Percent } from '../../ui/Numbers';
import type { Analytics } from './AnalyticsPanel';
import { Heading, type Level } from './Heading';

/** Positions over the household's concentration limit, largest first as the server lists them. */
export function OverweightList({ analytics, level = 3 }: { analytics: Analytics; level?: Level }) {
  const limit = `${formatPercent(analytics.concentration_limit)}\u202f%`;
  return (
    <section className="analytics-part">
      <Heading level={level}>Overweight positions</Heading>
      {analytics.overweight.length === 0 ? (
        <p className="muted">No position is over the {limit} concentration limit.</p>
      ) : (
        <>
          <p className="muted">Over the {limit} concentration limit:</p>
          <ul className="overweight">
            {analytics.overweight.map((position) => (
              <li key={position.symbol}>
                <span className="overweight-symbol">{position.symbol}</span> <Percent value={position.percentage} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
