import { ValidationError } from '../domain/errors.js';
import { assertCanWrite } from '../domain/household.js';
import { type ColumnMap, recordOf, resolveColumns } from '../domain/import/columns.js';
import { ghostfolioRecords } from '../domain/import/ghostfolio.js';
import { type ExistingTrade, type ImportPlan, type PlannedStatus, planImport } from '../domain/import/plan.js';
import { type ParsedRow, parseImportRow, type RowFacts } from '../domain/import/rows.js';
import { storedDate } from '../domain/portfolio/trades.js';
import { createStock } from '../domain/stock.js';
import type { AppContext } from './context.js';
import { readCsv } from './import/csv-reader.js';
import type { Portfolio, Repositories, Trade } from './ports.js';
import type { Principal } from './principal.js';
import { lockWritablePortfolio, requireWritable } from './trades.js';

/**
 * Rows one import takes. product.md §12 lets a 100,000-row file be refused: the whole report and plan of that
 * many rows do not fit the service's 160 MB heap, so more than this is refused (400) while it streams in.
 */
export const MAX_IMPORT_ROWS = 50_000;
/** Positions replaced per statement (each stock a parameter of the DELETE and a row of the INSERT). */
const POSITION_BATCH = 1000;

export type ImportSource =
  | { format: 'csv'; body: AsyncIterable<Buffer | string> }
  | { format: 'ghostfolio'; document: unknown };

export interface ImportOptions {
  dryRun: boolean;
  createStocks: boolean;
}

export type ImportRowStatus = PlannedStatus | 'created';

export interface ImportReportRow extends RowFacts {
  status: ImportRowStatus;
  message: string | null;
  transactionId: string | null;
}

export interface ImportReport {
  dryRun: boolean;
  summary: {
    rows: number;
    created: number;
    duplicates: number;
    skipped: number;
    errors: number;
    stocksCreated: number;
  };
  rows: ImportReportRow[];
}

export interface ImportOutcome {
  report: ImportReport;
  /** Some row is an error, so nothing was (or would be) written. */
  refused: boolean;
}

const tooManyRows = () => {
  const message = `it has more than ${MAX_IMPORT_ROWS} rows: split it into smaller files`;
  return new ValidationError([{ field: 'file', message }], `The file cannot be imported: ${message}`);
};

/** The file's rows, each checked on its own as it streams in (the raw records are not kept). */
async function readRows(source: ImportSource): Promise<ParsedRow[]> {
  const rows: ParsedRow[] = [];
  if (source.format === 'ghostfolio') {
    const records = ghostfolioRecords(source.document);
    if (records.length > MAX_IMPORT_ROWS) throw tooManyRows();
    for (const record of records) rows.push(parseImportRow(record));
    return rows;
  }
  let columns: ColumnMap | null = null;
  await readCsv(source.body, ({ line, fields }) => {
    if (columns === null) {
      columns = resolveColumns(fields);
      return;
    }
    if (rows.length >= MAX_IMPORT_ROWS) throw tooManyRows();
    rows.push(parseImportRow(recordOf(columns, fields, line)));
  });
  return rows;
}

function existingOf(t: Trade): ExistingTrade {
  return {
    id: t.id,
    stockId: t.stockId,
    seq: t.seq,
    type: t.type,
    quantity: t.quantity,
    price: t.price,
    fee: t.fee,
    amount: t.amount,
    ratio: t.ratio,
    tradeDate: t.tradeTime?.toISOString() ?? t.tradeDate,
  };
}

async function plan(
  repos: Repositories,
  portfolio: Portfolio,
  rows: ParsedRow[],
  ctx: AppContext,
  options: ImportOptions,
) {
  const stocks = await repos.stocks.getAllByHousehold(portfolio.householdId);
  const history = await repos.trades.getHistory([portfolio.id]);
  return planImport({
    rows,
    existing: history.map(existingOf),
    stocks: new Map(stocks.map((s) => [s.symbol, s])),
    createStocks: options.createStocks,
    defaultCurrency: portfolio.currency,
    costBasisMethod: portfolio.costBasisMethod,
    newId: ctx.newId,
  });
}

/** Writes a plan that refused nothing: the new stocks, the trades in file order, the positions, one data version. */
async function apply(repos: Repositories, portfolio: Portfolio, planned: ImportPlan, now: Date): Promise<void> {
  const householdId = portfolio.householdId;
  if (planned.newTrades.length === 0) return;
  await repos.stocks.insertMany(
    planned.newStocks.map((s) => ({
      ...createStock({ symbol: s.symbol, currency: s.currency }, portfolio.currency),
      id: s.id,
      householdId,
      createdAt: now,
      updatedAt: now,
    })),
  );
  await repos.trades.insertMany(
    planned.newTrades.map((t) => ({
      ...t,
      ...storedDate(t.tradeDate),
      householdId,
      portfolioId: portfolio.id,
      createdAt: now,
    })),
  );
  const holdings = new Map(planned.holdings.map((h) => [h.stockId, h]));
  for (let from = 0; from < planned.affectedStockIds.length; from += POSITION_BATCH) {
    const ids = planned.affectedStockIds.slice(from, from + POSITION_BATCH);
    await repos.positions.replace(
      portfolio.id,
      ids,
      ids.flatMap((id) => holdings.get(id) ?? []),
    );
  }
  await repos.households.bumpDataVersion(householdId);
}

function reportOf(planned: ImportPlan, dryRun: boolean, applied: boolean): ImportReport {
  const summary = { rows: planned.rows.length, created: 0, duplicates: 0, skipped: 0, errors: 0, stocksCreated: 0 };
  const rows = planned.rows.map((row): ImportReportRow => {
    // A refused file creates nothing, and its dry run says so; its valid rows still say `create`.
    if (row.status === 'create') summary.created += planned.refused ? 0 : 1;
    else if (row.status === 'duplicate') summary.duplicates++;
    else if (row.status === 'skipped') summary.skipped++;
    else summary.errors++;
    const created = row.status === 'create' && applied;
    return {
      line: row.line,
      symbol: row.symbol,
      type: row.type,
      tradeDate: row.tradeDate,
      status: created ? 'created' : row.status,
      message: row.message,
      transactionId: row.status === 'create' && !applied ? null : row.transactionId,
    };
  });
  summary.stocksCreated = planned.refused ? 0 : planned.newStocks.length;
  return { dryRun, summary, rows };
}

/**
 * Imports a file of trades into a portfolio (product.md §12) as one unit: every row is checked, the file's
 * trades are merged into each affected stock's history and replayed, and only when no row is an error is
 * anything written, in one transaction with the portfolio locked. A dry run decides the same way and writes
 * nothing, so it reports exactly what the real run would do. A refused file creates nothing (its summary
 * counts 0 created and 0 stocks created, in the dry run too); what was valid keeps the status `create`.
 */
export async function importTrades(
  ctx: AppContext,
  caller: Principal,
  portfolioId: string,
  source: ImportSource,
  options: ImportOptions,
): Promise<ImportOutcome> {
  assertCanWrite(caller.role);
  // Checked before the file is read, which is done outside the transaction: no lock is held during an upload.
  requireWritable(await ctx.repos.portfolios.getById(caller.householdId, portfolioId));
  const rows = await readRows(source);
  return ctx.unitOfWork(async (repos) => {
    // Each row's currency is checked against its stock's here, with the stocks as the transaction sees them.
    const portfolio = await lockWritablePortfolio(repos, caller, portfolioId);
    const planned = await plan(repos, portfolio, rows, ctx, options);
    const applied = !options.dryRun && !planned.refused;
    if (applied) await apply(repos, portfolio, planned, ctx.now());
    return { report: reportOf(planned, options.dryRun, applied), refused: planned.refused };
  });
}
