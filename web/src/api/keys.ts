/**
 * Query keys: every query's key starts with the resource it reads, and a write names the resource it
 * changes. AFFECTS is the one place that says which views a change reaches, so that after any write
 * every view showing the changed data is refetched.
 */
export type Resource =
  | 'me'
  | 'setup'
  | 'stocks'
  | 'prices'
  | 'portfolios'
  | 'trades'
  | 'holdings'
  | 'analytics'
  | 'balances'
  | 'targets'
  | 'journal'
  | 'members'
  | 'household'
  | 'trade-import'
  | 'household-file'
  | 'market-data'
  | 'fx-rates';

export const AFFECTS: Record<Resource, readonly Resource[]> = {
  me: ['me'],
  setup: ['setup', 'me'],
  // Symbols, names and sectors appear in holdings, trades, targets, journal and the allocations.
  stocks: ['stocks', 'holdings', 'analytics', 'trades', 'targets', 'journal', 'portfolios'],
  // A new price values holdings and may hit or fail targets.
  prices: ['prices', 'stocks', 'holdings', 'analytics', 'portfolios', 'targets'],
  portfolios: ['portfolios', 'analytics', 'holdings', 'targets', 'journal'],
  trades: ['trades', 'holdings', 'analytics', 'portfolios', 'journal'],
  holdings: ['holdings'],
  analytics: ['analytics'],
  balances: ['balances', 'analytics'],
  targets: ['targets'],
  journal: ['journal'],
  members: ['members', 'me'],
  // The concentration limit decides overweight positions, diversification and risk; the base currency is what the
  // household's analytics are in, and a cross rate may go through it (holdings and the portfolio list too).
  household: ['household', 'analytics', 'holdings', 'portfolios', 'me'],
  // An import records trades and may create the stocks they name.
  'trade-import': ['trades', 'holdings', 'analytics', 'portfolios', 'journal', 'stocks', 'targets'],
  // A household file brings everything but the members.
  'household-file': [
    'household',
    'stocks',
    'prices',
    'portfolios',
    'trades',
    'holdings',
    'analytics',
    'balances',
    'targets',
    'journal',
    'fx-rates',
    'me',
  ],
  // A finished refresh stored prices and exchange rates: everything they reach, and the status itself.
  'market-data': ['market-data', 'prices', 'fx-rates', 'stocks', 'holdings', 'analytics', 'portfolios', 'targets'],
  // A rate converts holdings, analytics (the dashboard's too) and the portfolio list's values.
  'fx-rates': ['fx-rates', 'holdings', 'analytics', 'portfolios'],
};

/** A query key: the resource first, then whatever narrows it (ids, filters, a page). */
export function key(resource: Resource, ...rest: unknown[]): readonly unknown[] {
  return [resource, ...rest];
}
