import { formatPercent } from '../../format';
import type { Analytics } from './AnalyticsPanel';
import { Figure } from './Figure';

/**
 * The risk level with its score (the text labelled "Risk"), its reasons as a list, and whether the
 * positions are well diversified.
 */
export function RiskSummary({ analytics }: { analytics: Analytics }) {
  const { risk } = analytics;
  const limit = `${formatPercent(analytics.concentration_limit)}\u202f%`;
  return (
    <dl className="figures risk-figures">
      <Figure
        label="Risk"
        note={
          risk.reasons.length === 0 ? (
            'Nothing raises it.'
          ) : (
            <ul className="risk-reasons">
              {risk.reasons.map((reason) => (
                <li key={reason}>{reason}</li>
              ))}
            </ul>
          )
        }
      >
        <span className={`risk-level risk-${risk.level}`}>{risk.level}</span>
        <span className="risk-score">, score {risk.score} of 100</span>
      </Figure>
      <Figure
        label="Well diversified"
        note={`At least 5 positions and none over the ${limit} concentration limit (${analytics.position_count} now).`}
      >
        {analytics.well_diversified ? 'yes' : 'no'}
      </Figure>
    </dl>
  );
}
