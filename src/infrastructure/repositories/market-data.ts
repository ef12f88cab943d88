import { type Kysely, sql } from 'kysely';
import type { MarketDataRepository } from '../../application/ports.js';
import type { Database } from '../database/schema.js';

const INSERT_CHUNK = 1000;

export function marketDataRepository(db: Kysely<Database>): MarketDataRepository {
  return {
    async abandonStale(staleAfterSeconds, message) {
      // One statement, so a run is never left abandoned with stocks or rates still pending.
      await sql`
        WITH stale AS (
          UPDATE market_data_runs SET status = 'abandoned', finished_at = now()
          WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => ${staleAfterSeconds})
          RETURNING id
        ), stocks AS (
          UPDATE market_data_run_stocks SET outcome = 'failed', error = ${message}
          WHERE outcome = 'pending' AND run_id IN (SELECT id FROM stale)
        )
        UPDATE market_data_run_rates SET outcome = 'failed', error = ${message}
        WHERE outcome = 'pending' AND run_id IN (SELECT id FROM stale)
      `.execute(db);
    },
    async claim(run) {
      if (run.trigger === 'manual') {
        // Its household's own unfinished manual run is the partial unique index's conflict; a scheduled run
        // covers every household. Racing a scheduled claim at worst fetches some stocks twice, which is harmless.
        const inserted = await sql<{ id: string }>`
          INSERT INTO market_data_runs (id, trigger, household_id)
          SELECT ${run.id}::uuid, 'manual', ${run.householdId}::uuid
          WHERE NOT EXISTS (SELECT 1 FROM market_data_runs WHERE trigger = 'schedule' AND status = 'running')
          ON CONFLICT DO NOTHING
          RETURNING id
        `.execute(db);
        return inserted.rows.length > 0 ? 'claimed' : 'busy';
      }
      // Without a conflict target, DO NOTHING covers both the slot's uniqueness and the one-scheduled index.
      const inserted = await db
        .insertInto('market_data_runs')
        .values({ id: run.id, trigger: run.trigger, scheduled_for: run.scheduledFor })
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted !== undefined) return 'claimed';
      const slot = await db
        .selectFrom('market_data_runs')
        .select('id')
        .where('scheduled_for', '=', run.scheduledFor)
        .executeTakeFirst();
      return slot === undefined ? 'busy' : 'slot_taken';
    },
    async getRefreshCandidates(householdId) {
      let query = db
        .selectFrom('stocks as s')
        .select((eb) => [
          's.id',
          's.household_id',
          's.symbol',
          's.provider_symbol',
          eb
            .selectFrom('prices as p')
            .select((p) => p.fn.max('p.date').as('latest'))
            .whereRef('p.stock_id', '=', 's.id')
            .where('p.source', '=', 'provider')
            .as('latest_provider_date'),
        ])
        .where((eb) =>
          eb.or([
            eb.exists(eb.selectFrom('transactions as t').select('t.id').whereRef('t.stock_id', '=', 's.id')),
            eb.exists(
              eb
                .selectFrom('targets as g')
                .select('g.id')
                .whereRef('g.stock_id', '=', 's.id')
                .where('g.status', '=', 'active'),
            ),
          ]),
        );
      if (householdId !== null) query = query.where('s.household_id', '=', householdId);
      const rows = await query.orderBy('s.symbol').orderBy('s.id').execute();
      return rows.map((r) => ({
        stockId: r.id,
        householdId: r.household_id,
        symbol: r.symbol,
        providerSymbol: r.provider_symbol,
        latestProviderDate: r.latest_provider_date ?? null,
      }));
    },
    async addStocks(runId, candidates) {
      for (let i = 0; i < candidates.length; i += INSERT_CHUNK) {
        await db
          .insertInto('market_data_run_stocks')
          .values(
            candidates.slice(i, i + INSERT_CHUNK).map((c) => ({
              run_id: runId,
              stock_id: c.stockId,
              household_id: c.householdId,
              symbol: c.symbol,
            })),
          )
          .execute();
      }
    },
    async recordStock(runId, outcome) {
      await db
        .updateTable('market_data_run_stocks')
        .set({
          outcome: outcome.error === null ? 'stored' : 'failed',
          prices_stored: outcome.pricesStored,
          error: outcome.error,
        })
        .where('run_id', '=', runId)
        .where('stock_id', '=', outcome.stockId)
        .execute();
      await db.updateTable('market_data_runs').set({ heartbeat_at: sql`now()` }).where('id', '=', runId).execute();
    },
    async getHouseholdCurrencies(householdId) {
      let query = db
        .selectFrom('transactions as t')
        .innerJoin('stocks as s', 's.id', 't.stock_id')
        .innerJoin('portfolios as p', 'p.id', 't.portfolio_id')
        .innerJoin('households as h', 'h.id', 't.household_id')
        .select((eb) => [
          't.household_id',
          'h.base_currency',
          's.currency as stock_currency',
          'p.currency as portfolio_currency',
          eb.fn.min('t.trade_date').as('first_trade_date'),
        ])
        .groupBy(['t.household_id', 'h.base_currency', 's.currency', 'p.currency']);
      if (householdId !== null) query = query.where('t.household_id', '=', householdId);
      const rows = await query.orderBy('t.household_id').orderBy('s.currency').orderBy('p.currency').execute();
      return rows.map((r) => ({
        householdId: r.household_id,
        baseCurrency: r.base_currency,
        stockCurrency: r.stock_currency,
        portfolioCurrency: r.portfolio_currency,
        firstTradeDate: r.first_trade_date as string,
      }));
    },
    async addRates(runId, targets) {
      for (let i = 0; i < targets.length; i += INSERT_CHUNK) {
        await db
          .insertInto('market_data_run_rates')
          .values(
            targets.slice(i, i + INSERT_CHUNK).map((t) => ({
              run_id: runId,
              household_id: t.householdId,
              base: t.base,
              quote: t.quote,
            })),
          )
          .execute();
      }
    },
    async recordRate(runId, outcome) {
      await db
        .updateTable('market_data_run_rates')
        .set({
          outcome: outcome.error === null ? 'stored' : 'failed',
          rates_stored: outcome.ratesStored,
          error: outcome.error,
        })
        .where('run_id', '=', runId)
        .where('household_id', '=', outcome.householdId)
        .where('base', '=', outcome.base)
        .where('quote', '=', outcome.quote)
        .execute();
      await db.updateTable('market_data_runs').set({ heartbeat_at: sql`now()` }).where('id', '=', runId).execute();
    },
    async heartbeat(runId) {
      await db
        .updateTable('market_data_runs')
        .set({ heartbeat_at: sql`now()` })
        .where('id', '=', runId)
        .where('status', '=', 'running')
        .execute();
    },
    async finish(runId, pendingMessage) {
      await sql`
        WITH done AS (
          UPDATE market_data_runs SET status = 'finished', finished_at = now(), heartbeat_at = now()
          WHERE id = ${runId} AND status = 'running'
          RETURNING id
        ), stocks AS (
          UPDATE market_data_run_stocks SET outcome = 'failed', error = ${pendingMessage}
          WHERE outcome = 'pending' AND run_id IN (SELECT id FROM done)
        )
        UPDATE market_data_run_rates SET outcome = 'failed', error = ${pendingMessage}
        WHERE outcome = 'pending' AND run_id IN (SELECT id FROM done)
      `.execute(db);
    },
    async getLatestForHousehold(householdId) {
      const run = await db
        .selectFrom('market_data_runs')
        .select(['id', 'started_at', 'finished_at', 'status'])
        .where((eb) => eb.or([eb('household_id', 'is', null), eb('household_id', '=', householdId)]))
        .orderBy('started_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (run === undefined) return null;
      const stocks = await db
        .selectFrom('market_data_run_stocks')
        .select(['symbol', 'prices_stored', 'error'])
        .where('run_id', '=', run.id)
        .where('household_id', '=', householdId)
        .orderBy('symbol')
        .execute();
      const rates = await db
        .selectFrom('market_data_run_rates')
        .select(['base', 'quote', 'rates_stored', 'error'])
        .where('run_id', '=', run.id)
        .where('household_id', '=', householdId)
        .orderBy('base')
        .orderBy('quote')
        .execute();
      return {
        id: run.id,
        startedAt: run.started_at,
        finishedAt: run.finished_at,
        status: run.status,
        stocks: stocks.map((s) => ({ symbol: s.symbol, pricesStored: s.prices_stored, error: s.error })),
        rates: rates.map((r) => ({ base: r.base, quote: r.quote, ratesStored: r.rates_stored, error: r.error })),
      };
    },
    async getLastFinished() {
      const row = await db
        .selectFrom('market_data_runs as r')
        .select((eb) => [
          'r.started_at',
          'r.status',
          eb
            .selectFrom('market_data_run_stocks as s')
            .select((s) => s.fn.countAll<number>().as('n'))
            .whereRef('s.run_id', '=', 'r.id')
            .as('stocks'),
          eb
            .selectFrom('market_data_run_stocks as s')
            .select((s) => s.fn.countAll<number>().as('n'))
            .whereRef('s.run_id', '=', 'r.id')
            .where('s.outcome', '=', 'failed')
            .as('failed'),
          sql<string[]>`ARRAY(
            SELECT DISTINCT s.symbol FROM market_data_run_stocks s
            WHERE s.run_id = r.id AND s.outcome = 'failed' ORDER BY s.symbol
          )`.as('failed_symbols'),
          eb
            .selectFrom('market_data_run_rates as x')
            .select((x) => x.fn.countAll<number>().as('n'))
            .whereRef('x.run_id', '=', 'r.id')
            .as('rates'),
          eb
            .selectFrom('market_data_run_rates as x')
            .select((x) => x.fn.countAll<number>().as('n'))
            .whereRef('x.run_id', '=', 'r.id')
            .where('x.outcome', '=', 'failed')
            .as('failed_rates'),
          sql<string[]>`ARRAY(
            SELECT DISTINCT x.base || '/' || x.quote AS pair FROM market_data_run_rates x
            WHERE x.run_id = r.id AND x.outcome = 'failed' ORDER BY pair
          )`.as('failed_pairs'),
        ])
        .where('r.finished_at', 'is not', null)
        .orderBy('r.finished_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (row === undefined) return null;
      return {
        startedAt: row.started_at,
        status: row.status === 'abandoned' ? 'abandoned' : 'finished',
        stocks: Number(row.stocks ?? 0),
        failed: Number(row.failed ?? 0),
        failedSymbols: row.failed_symbols,
        rates: Number(row.rates ?? 0),
        failedRates: Number(row.failed_rates ?? 0),
        failedPairs: row.failed_pairs,
      };
    },
  };
}
