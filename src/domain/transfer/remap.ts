import { InvariantError } from '../errors.js';
import type { HouseholdFileContents } from './household-file.js';

/** New ids for one kind of object, and what each old id became. */
function renaming(newId: () => string) {
  const ids = new Map<string, string>();
  return {
    assign(old: string): string {
      const id = newId();
      ids.set(old, id);
      return id;
    },
    of(old: string): string {
      const id = ids.get(old);
      // readHouseholdFile resolved every reference, so each names an object given a new id here.
      if (id === undefined) throw new InvariantError(`unresolved reference ${old}`);
      return id;
    },
    ofOptional(old: string | null): string | null {
      return old === null ? null : this.of(old);
    },
  };
}

/**
 * The contents with a new id for every object and every reference following it, so that a file can be
 * loaded next to the household it came from (on the same instance) without any id clashing.
 */
export function withNewIds(contents: HouseholdFileContents, newId: () => string): HouseholdFileContents {
  const stocks = renaming(newId);
  const portfolios = renaming(newId);
  const trades = renaming(newId);
  return {
    concentrationLimit: contents.concentrationLimit,
    baseCurrency: contents.baseCurrency,
    stocks: contents.stocks.map((s) => ({ ...s, id: stocks.assign(s.id) })),
    prices: contents.prices.map((p) => ({ ...p, stockId: stocks.of(p.stockId) })),
    fxRates: contents.fxRates,
    portfolios: contents.portfolios.map((p) => ({
      ...p,
      id: portfolios.assign(p.id),
      trades: p.trades.map((t) => ({ ...t, id: trades.assign(t.id), stockId: stocks.of(t.stockId) })),
      balances: p.balances.map((b) => ({ ...b, id: newId() })),
    })),
    targets: contents.targets.map((t) => ({
      ...t,
      id: newId(),
      portfolioId: portfolios.of(t.portfolioId),
      stockId: stocks.of(t.stockId),
    })),
    journal: contents.journal.map((e) => ({
      ...e,
      id: newId(),
      portfolioId: portfolios.ofOptional(e.portfolioId),
      stockId: stocks.ofOptional(e.stockId),
      transactionId: trades.ofOptional(e.transactionId),
    })),
  };
}
