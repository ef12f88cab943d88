import { direction, formatDecimal } from '../../format';
import { Percent } from '../../ui/Numbers';
import type { Analytics } from './AnalyticsPanel';
import { Figure } from './Figure';
import { Heading, type Level } from './Heading';

type Performance = Analytics['performance'];

const NEEDS_BALANCES = 'needs balances: add the balance at the end of each day to see it';

/** A value in percentage points (the excess return): the "pp" is drawn by CSS, so the text is the number. */
function Points({ value }: { value: string }) {
  return <span className={['points', direction(value)].filter(Boolean).join(' ')}>{formatDecimal(value)}</span>;
}

/** Why a figure the server could not compute has no value yet. */
function missing(value: string | null, why: string): string | undefined {
  return value === null ? why : undefined;
}

/** TWR, MWR, max drawdown, index and excess return, each as its label's text; "—" with a reason when null. */
export function PerformanceFigures({ performance, level = 3 }: { performance: Performance; level?: Level }) {
  return (
    <section className="analytics-part">
      <Heading level={level}>Performance</Heading>
      <dl className="figures">
        <Figure label="Time-weighted return" note={missing(performance.twr, NEEDS_BALANCES)}>
          <Percent value={performance.twr} signed />
        </Figure>
        <Figure
          label="Money-weighted return"
          note={missing(performance.mwr, 'needs trades: the annual return of the money put in and taken out')}
        >
          <Percent value={performance.mwr} signed />
        </Figure>
        <Figure label="Max drawdown" note={missing(performance.max_drawdown, NEEDS_BALANCES)}>
          <Percent value={performance.max_drawdown} />
        </Figure>
        <Figure label="Index return" note={missing(performance.index_return, 'needs balances with the index change')}>
          <Percent value={performance.index_return} signed />
        </Figure>
        <Figure
          label="Excess return"
          note={
            performance.excess_return === null
              ? 'needs balances: the time-weighted return less the index return'
              : 'in percentage points over the index'
          }
        >
          {performance.excess_return === null ? '—' : <Points value={performance.excess_return} />}
        </Figure>
      </dl>
    </section>
  );
}
