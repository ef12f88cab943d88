import type { Sentiment } from '../journal.js';
import type { BalanceValues } from '../portfolio/balances.js';
import type { PortfolioFieldValues } from '../portfolio/portfolio.js';
import type { PriceSource } from '../portfolio/prices.js';
import type { TargetValues } from '../portfolio/target-fields.js';
import type { TargetStatus } from '../portfolio/targets.js';
import type { ValidTrade } from '../portfolio/trades.js';
import type { StockFields } from '../stock.js';

/**
 * The household file (product.md section 12): a whole household as JSON, `{format: "stockbook", version: 1,
 * exported_at, household, members, stocks, prices, fx_rates, portfolios: [{..., transactions, balances}],
 * targets, journal}`, every object in the API's own shape with its id. These are its contents once read and
 * checked. Section 14 added `household.base_currency`, each stock's `currency` and `fx_rates` without a new
 * version: a file without them reads as the single-currency (USD) household it was written from.
 */

export const HOUSEHOLD_FILE_FORMAT = 'stockbook';
export const HOUSEHOLD_FILE_VERSION = 1;

/** Ids are the file's own until `withNewIds` replaces them; timestamps absent from the file are null. */
interface Stamped {
  id: string;
  createdAt: Date | null;
  updatedAt: Date | null;
}

export interface FileStock extends StockFields, Stamped {}

export interface FilePrice {
  stockId: string;
  date: string;
  /** Exact decimal text. */
  close: string;
  source: PriceSource;
}

/** An exchange rate of the household (product.md §14): one `base` costs `rate` `quote` on `date`. */
export interface FileFxRate {
  base: string;
  quote: string;
  date: string;
  /** Exact decimal text. */
  rate: string;
  source: PriceSource;
}

export interface FileTrade {
  id: string;
  stockId: string;
  trade: ValidTrade;
  createdAt: Date | null;
}

export interface FileBalance extends BalanceValues, Stamped {}

export interface FilePortfolio extends PortfolioFieldValues, Stamped {
  /** In the order history applies them: by trade day, then as listed in the file. */
  trades: FileTrade[];
  balances: FileBalance[];
}

export interface FileTarget extends TargetValues, Stamped {
  portfolioId: string;
  stockId: string;
  status: TargetStatus;
  triggeredPrice: string | null;
  triggeredOn: string | null;
}

export interface FileJournalEntry extends Stamped {
  content: string;
  entryDate: string;
  portfolioId: string | null;
  stockId: string | null;
  transactionId: string | null;
  tags: string[];
  sentiment: Sentiment | null;
}

export interface HouseholdFileContents {
  /** Percent, two places. */
  concentrationLimit: string;
  /** A major ISO 4217 code; USD for a file of before section 14, which has none. */
  baseCurrency: string;
  /** Each in its own trading currency; a stock of a file without currencies takes the base currency. */
  stocks: FileStock[];
  prices: FilePrice[];
  /** By pair, then date; none in a file of before section 14. */
  fxRates: FileFxRate[];
  portfolios: FilePortfolio[];
  targets: FileTarget[];
  journal: FileJournalEntry[];
}
