import { createHash } from 'node:crypto';
import { BusinessRuleError, ConflictError, FieldErrors, NotFoundError, ValidationError } from '../domain/errors.js';
import { assertCanWrite } from '../domain/household.js';
import {
  storedDate,
  storedValues,
  type TradeDraft,
  toTradeRecord,
  type ValidTrade,
  validateTrade,
} from '../domain/portfolio/trades.js';
import type { AppContext } from './context.js';
import { dayRange, requireOwnLinks } from './filters.js';
import { pageRequest } from './pagination.js';
import {
  type Page,
  type Portfolio,
  type Repositories,
  type Stock,
  TRADE_SORT_FIELDS,
  type Trade,
  type TradeFields,
  type TradeFilter,
  type TradeType,
  type TradeWithSymbol,
} from './ports.js';
import { settleStock } from './positions.js';
import type { Principal } from './principal.js';

/** A trade as a request gives it: the draft of the domain plus the stock it is in. */
export interface TradeInput extends TradeDraft {
  stockId?: unknown;
}

export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

function validInput(input: TradeInput): TradeFields {
  const errors = new FieldErrors();
  if (typeof input.stockId !== 'string' || input.stockId.trim() === '') errors.add('stock_id', 'stock_id is required');
  const result = validateTrade(input);
  if (!result.ok) for (const e of result.errors) errors.add(e.field, e.message);
  errors.throwIfAny();
  if (!result.ok) throw new ValidationError([]);
  return tradeFields((input.stockId as string).trim(), result.trade);
}

/** A trade that passed the rules, as stored: its day, and the full timestamp when one was given. */
export function tradeFields(stockId: string, t: ValidTrade): TradeFields {
  return { stockId, ...storedValues(t), ...storedDate(t.tradeDate) };
}

/** A portfolio whose trades may change: it exists in the caller's household (else 404) and is active (else 422). */
export function requireWritable(portfolio: Portfolio | null): Portfolio {
  if (portfolio === null) throw new NotFoundError('Portfolio');
  if (!portfolio.isActive)
    throw new BusinessRuleError(`Portfolio '${portfolio.name}' is inactive: activate it before changing its trades`);
  return portfolio;
}

/**
 * The portfolio, locked for this unit of work: every write to one portfolio's history queues here, so a
 * request that lost a race is checked against the history the winner committed.
 */
export async function lockWritablePortfolio(
  repos: Repositories,
  caller: Principal,
  portfolioId: string,
): Promise<Portfolio> {
  return requireWritable(await repos.portfolios.lockById(caller.householdId, portfolioId));
}

async function requireStock(repos: Repositories, caller: Principal, stockId: string): Promise<Stock> {
  const stock = await repos.stocks.getById(caller.householdId, stockId);
  if (stock === null) throw new NotFoundError('Stock');
  return stock;
}

/**
 * A trade's body is flat (its schema has scalar fields only), so listing its keys sorted makes it
 * canonical; the text is the same as before keys were sorted this way, so stored keys stay valid.
 */
function requestHash(portfolioId: string, body: unknown): string {
  const keys = body !== null && typeof body === 'object' ? Object.keys(body).sort() : [];
  return createHash('sha256')
    .update(JSON.stringify([portfolioId, body], keys))
    .digest('hex');
}

export interface CreatedTrade {
  status: number;
  body: unknown;
  /** The first answer to an Idempotency-Key, given again as it was stored (perhaps by an older version). */
  replayed: boolean;
}

/**
 * Records a trade. With an idempotency key, a retry with the same body gets the first answer again and
 * records nothing; the same key with another body is a conflict. `present` makes the answer's body.
 */
export async function createTrade(
  ctx: AppContext,
  caller: Principal,
  portfolioId: string,
  input: TradeInput,
  rawBody: unknown,
  idempotencyKey: string | undefined,
  present: (trade: TradeWithSymbol) => unknown,
): Promise<CreatedTrade> {
  assertCanWrite(caller.role);
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey))
    throw ValidationError.field('idempotency-key', 'must be 1-255 visible ASCII characters');
  const fields = validInput(input);
  const hash = requestHash(portfolioId, rawBody);
  return ctx.unitOfWork(async (repos) => {
    if (idempotencyKey !== undefined) {
      await repos.idempotency.lock(caller.householdId, idempotencyKey);
      const stored = await repos.idempotency.get(caller.householdId, idempotencyKey);
      if (stored !== null) {
        if (stored.requestHash !== hash)
          throw new ConflictError('This Idempotency-Key was used with a different request');
        return { status: stored.statusCode, body: stored.body, replayed: true };
      }
    }
    const portfolio = await lockWritablePortfolio(repos, caller, portfolioId);
    const stock = await requireStock(repos, caller, fields.stockId);
    const id = ctx.newId();
    await settleStock(repos, portfolio, stock, (history) => [...history, toTradeRecord({ ...fields, id })]);
    const trade = await repos.trades.create({ ...fields, id, householdId: caller.householdId, portfolioId });
    await repos.households.bumpDataVersion(caller.householdId);
    const answer = { status: 201, body: present(trade), replayed: false };
    if (idempotencyKey !== undefined)
      await repos.idempotency.save(caller.householdId, idempotencyKey, {
        requestHash: hash,
        statusCode: 201,
        body: answer.body,
      });
    return answer;
  });
}

export async function getTrade(
  ctx: AppContext,
  caller: Principal,
  portfolioId: string,
  id: string,
): Promise<TradeWithSymbol> {
  const portfolio = await ctx.repos.portfolios.getById(caller.householdId, portfolioId);
  if (portfolio === null) throw new NotFoundError('Portfolio');
  const trade = await ctx.repos.trades.getById(portfolio.id, id);
  if (trade === null) throw new NotFoundError('Transaction');
  return trade;
}

const TRADE_TYPES: readonly string[] = ['buy', 'sell', 'dividend', 'split'];

export async function listTrades(
  ctx: AppContext,
  caller: Principal,
  portfolioId: string,
  query: { page?: number; size?: number; sort?: string; stock_id?: string; type?: string; from?: string; to?: string },
): Promise<Page<TradeWithSymbol>> {
  const request = pageRequest(query, TRADE_SORT_FIELDS, [{ field: 'trade_date', direction: 'asc' }]);
  const filter: TradeFilter = dayRange(query);
  if (query.type !== undefined) {
    const type = query.type.trim().toLowerCase();
    if (!TRADE_TYPES.includes(type)) throw ValidationError.field('type', 'type must be buy, sell, dividend or split');
    filter.type = type as TradeType;
  }
  await requireOwnLinks(ctx.repos, caller.householdId, { portfolioId, stockId: query.stock_id });
  if (query.stock_id !== undefined) filter.stockId = query.stock_id;
  return ctx.repos.trades.getPage(portfolioId, filter, request);
}

/** The stored trade as a draft, so a partial update can be merged onto it and validated as a whole. */
function draftOf(trade: Trade): TradeInput {
  return {
    stockId: trade.stockId,
    type: trade.type,
    quantity: trade.quantity,
    price: trade.price,
    fee: trade.fee,
    amount: trade.amount,
    ratio: trade.ratio,
    tradeDate: trade.tradeTime?.toISOString() ?? trade.tradeDate,
    notes: trade.notes,
  };
}

/**
 * Edits a trade. Omitted fields stay; changing the type starts from the new type's own fields (the old
 * type's amounts are dropped). The edited history must hold at every date, or nothing changes (422).
 */
export function updateTrade(
  ctx: AppContext,
  caller: Principal,
  portfolioId: string,
  id: string,
  patch: TradeInput,
): Promise<TradeWithSymbol> {
  assertCanWrite(caller.role);
  return ctx.unitOfWork(async (repos) => {
    const portfolio = await lockWritablePortfolio(repos, caller, portfolioId);
    const current = await repos.trades.getById(portfolioId, id);
    if (current === null) throw new NotFoundError('Transaction');
    const base = draftOf(current);
    const typeChanges = patch.type !== undefined && patch.type !== current.type;
    const merged: TradeInput = typeChanges
      ? { stockId: base.stockId, tradeDate: base.tradeDate, notes: base.notes }
      : { ...base };
    for (const [key, value] of Object.entries(patch))
      if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
    const fields = validInput(merged);
    const before = { id: current.stockId, symbol: current.symbol };
    const after = fields.stockId === current.stockId ? before : await requireStock(repos, caller, fields.stockId);
    // The trade leaves its old stock's history and joins its new one (the same stock, most often).
    const edited = toTradeRecord({ ...fields, id, seq: current.seq });
    for (const stock of after === before ? [after] : [before, after])
      await settleStock(repos, portfolio, stock, (history) => {
        const others = history.filter((t) => t.id !== id);
        return stock === after ? [...others, edited] : others;
      });
    const updated = await repos.trades.update(id, fields);
    await repos.households.bumpDataVersion(caller.householdId);
    return updated;
  });
}

/** Deletes a trade, unless the history without it would sell shares that are not held (422). */
export function deleteTrade(ctx: AppContext, caller: Principal, portfolioId: string, id: string): Promise<void> {
  assertCanWrite(caller.role);
  return ctx.unitOfWork(async (repos) => {
    const portfolio = await lockWritablePortfolio(repos, caller, portfolioId);
    const current = await repos.trades.getById(portfolioId, id);
    if (current === null) throw new NotFoundError('Transaction');
    await settleStock(repos, portfolio, { id: current.stockId, symbol: current.symbol }, (history) =>
      history.filter((t) => t.id !== id),
    );
    await repos.trades.delete(id);
    await repos.households.bumpDataVersion(caller.householdId);
  });
}
