import type { CostBasisMethod, HistoryViolation, Holding } from '../portfolio/holdings.js';
import { replay, sellRefusal } from '../portfolio/holdings.js';
import { orderTrades } from '../portfolio/ordering.js';
import { type TradeRecord, toTradeRecord } from '../portfolio/trades.js';
import { duplicateIndex, type TradeIdentity } from './identity.js';
import type { ImportedTrade, ParsedRow, RowFacts } from './rows.js';

/** A trade already in the portfolio; `tradeDate` carries the time when the trade has one. */
export interface ExistingTrade extends TradeIdentity {
  id: string;
  seq: number;
}

export interface KnownStock {
  id: string;
  symbol: string;
  /** The trading currency (canonical, as `parseTradingCurrency` gives it). */
  currency: string;
}

export interface PlanInput {
  /** The file's rows, in line order. */
  rows: readonly ParsedRow[];
  /** The portfolio's whole history, in the order it applies. */
  existing: readonly ExistingTrade[];
  /** The household's stocks by symbol. */
  stocks: ReadonlyMap<string, KnownStock>;
  createStocks: boolean;
  /** The currency of a stock the import creates when none of its rows names one: the portfolio's. */
  defaultCurrency: string;
  costBasisMethod: CostBasisMethod;
  newId(): string;
}

export type PlannedStatus = 'create' | 'duplicate' | 'skipped' | 'error';

export interface PlannedRow extends RowFacts {
  status: PlannedStatus;
  message: string | null;
  /** The trade the row would create (its planned id), or the existing trade a duplicate matched. */
  transactionId: string | null;
}

export interface NewTrade extends ImportedTrade {
  id: string;
  stockId: string;
}

export interface ImportPlan {
  rows: PlannedRow[];
  /** Stocks the import creates: those of the rows it creates that the household does not have. */
  newStocks: KnownStock[];
  /** In file order, which is the order they apply in after the existing trades of their day. */
  newTrades: NewTrade[];
  /** The positions of every stock the import touches, after it (empty when refused). */
  holdings: Holding[];
  affectedStockIds: string[];
  /** Some row is an error: nothing may be written. */
  refused: boolean;
}

const DUPLICATE_MESSAGE = 'Identical to a trade already in the portfolio: not imported again';

/**
 * The currency each stock the import would create trades in: that of its first row that names one, with
 * the line of that row. A stock whose rows name none is absent (it takes the portfolio's currency).
 */
function newStockCurrencies(input: PlanInput): Map<string, { currency: string; line: number }> {
  const first = new Map<string, { currency: string; line: number }>();
  for (const row of input.rows)
    if (row.kind === 'trade' && row.currency !== null && !input.stocks.has(row.symbol) && !first.has(row.symbol))
      first.set(row.symbol, { currency: row.currency, line: row.line });
  return first;
}

/**
 * The imported trade to blame for a violation: the trade itself when the file sells too much; when an existing
 * sell is left short, the file's last sell (or reverse split) of the stock before it, which took the shares.
 */
function culprit(history: readonly TradeRecord[], violation: HistoryViolation, isNew: (id: string) => boolean): string {
  if (isNew(violation.tradeId)) return violation.tradeId;
  const ordered = orderTrades(history);
  let at = ordered.findIndex((t) => t.id === violation.tradeId);
  if (at < 0) at = ordered.length;
  let fallback: string | null = null;
  for (let i = at - 1; i >= 0; i--) {
    const t = ordered[i] as TradeRecord;
    if (!isNew(t.id)) continue;
    if (t.type === 'sell' || t.type === 'split') return t.id;
    fallback ??= t.id;
  }
  return fallback ?? (ordered.find((t) => isNew(t.id)) as TradeRecord).id;
}

/**
 * What importing the rows into the portfolio does, decided without writing anything, so that a dry run and a
 * real run answer alike: each row's status, the stocks and trades to create, and the positions afterwards.
 * Each affected stock's history (existing trades, then the file's in file order) is replayed once; a holding
 * that would go below zero at any date makes the row at fault an error with the domain's message.
 */
export function planImport(input: PlanInput): ImportPlan {
  const claim = duplicateIndex(input.existing);
  const created = new Map<string, KnownStock>();
  const namedCurrency = newStockCurrencies(input);
  const rows: PlannedRow[] = [];
  const trades: Array<NewTrade & { row: number }> = [];

  for (const row of input.rows) {
    const facts = { line: row.line, symbol: row.symbol, type: row.type, tradeDate: row.tradeDate };
    if (row.kind !== 'trade') {
      rows.push({ ...facts, status: row.kind, message: row.message, transactionId: null });
      continue;
    }
    let stock = input.stocks.get(row.symbol) ?? created.get(row.symbol);
    if (stock === undefined) {
      if (!input.createStocks) {
        rows.push({
          ...facts,
          status: 'error',
          message: `Unknown stock '${row.symbol}': add it first, or import with create_stocks=true`,
          transactionId: null,
        });
        continue;
      }
      stock = {
        id: input.newId(),
        symbol: row.symbol,
        currency: namedCurrency.get(row.symbol)?.currency ?? input.defaultCurrency,
      };
      created.set(row.symbol, stock);
    }
    // A trade's price, fee and amount are in its stock's currency: a row in another one would be misread.
    if (row.currency !== null && row.currency !== stock.currency) {
      const named = namedCurrency.get(row.symbol);
      const message = created.has(row.symbol)
        ? `Currency ${row.currency} is not ${row.symbol}'s currency ${stock.currency} (named by line ${named?.line}, which creates the stock)`
        : `Currency ${row.currency} is not ${row.symbol}'s currency ${stock.currency}`;
      rows.push({ ...facts, status: 'error', message, transactionId: null });
      continue;
    }
    if (!created.has(row.symbol)) {
      const existing = claim({ ...row.trade, stockId: stock.id });
      if (existing !== null) {
        rows.push({ ...facts, status: 'duplicate', message: DUPLICATE_MESSAGE, transactionId: existing });
        continue;
      }
    }
    const id = input.newId();
    trades.push({ ...row.trade, id, stockId: stock.id, row: rows.length });
    rows.push({ ...facts, status: 'create', message: null, transactionId: id });
  }

  const newIds = new Map(trades.map((t) => [t.id, t.row]));
  const isNew = (id: string) => newIds.has(id);
  const byStock = new Map<string, TradeRecord[]>();
  for (const t of trades) if (!byStock.has(t.stockId)) byStock.set(t.stockId, []);
  for (const t of input.existing) byStock.get(t.stockId)?.push(toTradeRecord(t));
  for (const t of trades) byStock.get(t.stockId)?.push(toTradeRecord(t));

  const holdings: Holding[] = [];
  const symbolOf = new Map([...input.stocks.values(), ...created.values()].map((s) => [s.id, s.symbol]));
  for (const [stockId, history] of byStock) {
    const result = replay(history, input.costBasisMethod, { lots: input.costBasisMethod === 'fifo' });
    if (result.ok) {
      holdings.push(...result.holdings);
      continue;
    }
    const blamed = newIds.get(culprit(history, result.violation, isNew)) as number;
    const refusal = sellRefusal(result.violation, symbolOf.get(stockId) ?? '');
    const row = rows[blamed] as PlannedRow;
    row.status = 'error';
    row.transactionId = null;
    row.message = isNew(result.violation.tradeId) ? refusal : `${refusal} (a trade already in the portfolio)`;
  }

  const refused = rows.some((r) => r.status === 'error');
  const kept = trades.filter((t) => rows[t.row]?.status === 'create');
  const used = new Set(kept.map((t) => t.stockId));
  return {
    rows,
    newStocks: [...created.values()].filter((s) => used.has(s.id)),
    newTrades: kept.map(({ row: _row, ...trade }) => trade),
    holdings: refused ? [] : holdings,
    affectedStockIds: [...byStock.keys()],
    refused,
  };
}
