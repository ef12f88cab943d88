/**
 * The bare peer of issue 11 part 1: Fastify + `pg` and nothing else, serving only the benchmarked reads with
 * the SQL StockBook runs for them, so that a run of the bench shows what the framework around that SQL
 * costs StockBook. It is the least a server can do for the same answers:
 *
 * - one hard-coded bearer token (PEER_TOKEN, the token the bench uses against StockBook) compared as a
 *   string: no session lookup, no revocation, no rate limit, no request ids, no logging, no error envelope;
 * - one household (PEER_HOUSEHOLD_ID, the bench owner's), as the token would resolve to in StockBook;
 * - the statements Kysely compiles for `stockRepository.getPageByHousehold` (with `withLatestPrice` and
 *   `fetchDecoratedPage`: the default sort symbol asc, id; the total as a window count) and `getPricedById`,
 *   sent the same way (unnamed extended-protocol queries, the same parameters);
 * - the holdings of a portfolio as one row per stored position with the latest close (a read of the
 *   `positions` table, no replay, no currency conversion, no cache);
 * - the same JSON field names as StockBook, serialized with plain JSON.stringify (no response schema);
 * - a `pg.Pool` of PEER_POOL_SIZE connections (the bench passes the number StockBook opened).
 *
 * Started by bench/scenarios/peer.ts with `node --import tsx` (tsx only transforms the file at load time).
 */
import Fastify from 'fastify';
import pg from 'pg';

const NUMERIC_OID = 1700;
const DATE_OID = 1082;
const INT8_OID = 20;
// As StockBook's connection.ts: decimals and dates stay text, counts become numbers.
pg.types.setTypeParser(NUMERIC_OID, (v: string) => v);
pg.types.setTypeParser(DATE_OID, (v: string) => v);
pg.types.setTypeParser(INT8_OID, (v: string) => Number(v));

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is required`);
  return value;
}

const databaseUrl = required('PEER_DATABASE_URL');
const expectedAuthorization = `Bearer ${required('PEER_TOKEN')}`;
const householdId = required('PEER_HOUSEHOLD_ID');
const poolSize = Number(process.env.PEER_POOL_SIZE ?? 10);
const port = Number(process.env.PORT ?? 0);

const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, connectionTimeoutMillis: 3000 });
pool.on('error', () => {
  // An idle connection lost: the pool drops it; the next query opens another.
});

const LIST_SQL =
  'select "s".*, "latest"."current_price", "latest"."price_date" from (select *, count(*) over () as "page_total_count" from "stocks" where "household_id" = $1 order by "symbol" asc, "id" limit $2 offset $3) as "s" left join lateral (select "prices"."close" as "current_price", "prices"."date" as "price_date" from "prices" where "prices"."stock_id" = "s"."id" order by "prices"."date" desc limit $4) as "latest" on true order by "symbol" asc, "s"."id"';
const COUNT_SQL = 'select count(*) as "n" from "stocks" where "household_id" = $1';
const GET_SQL =
  'select "s".*, "latest"."current_price", "latest"."price_date" from (select * from "stocks" where "household_id" = $1 and "id" = $2) as "s" left join lateral (select "prices"."close" as "current_price", "prices"."date" as "price_date" from "prices" where "prices"."stock_id" = "s"."id" order by "prices"."date" desc limit $3) as "latest" on true';
const HOLDINGS_SQL = `select p.stock_id, s.symbol, s.currency, p.quantity, p.average_cost, p.cost_basis, p.realized_pnl, p.dividends,
    latest.current_price, latest.price_date, p.quantity * latest.current_price as market_value
  from positions p
  join stocks s on s.id = p.stock_id and s.household_id = $2
  left join lateral (
    select prices.close as current_price, prices.date as price_date from prices
     where prices.stock_id = p.stock_id order by prices.date desc limit 1
  ) latest on true
  where p.portfolio_id = $1
  order by s.symbol`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface StockRow {
  id: string;
  symbol: string;
  company_name: string | null;
  sector: string | null;
  industry_group: string | null;
  grade: string | null;
  notes: string;
  provider_symbol: string | null;
  currency: string;
  created_at: Date;
  updated_at: Date;
  current_price: string | null;
  price_date: string | null;
  page_total_count?: number;
}

/** StockBook's formatPrice for the closes it stores (at most 6 places): no trailing zeros. */
function trimZeros(value: string | null): string | null {
  if (value === null || !value.includes('.')) return value;
  return value.replace(/\.?0+$/, '');
}

function stockView(row: StockRow) {
  return {
    id: row.id,
    symbol: row.symbol,
    company_name: row.company_name,
    sector: row.sector,
    industry_group: row.industry_group,
    grade: row.grade,
    notes: row.notes,
    provider_symbol: row.provider_symbol,
    created_at: row.created_at,
    updated_at: row.updated_at,
    currency: row.currency,
    current_price: trimZeros(row.current_price),
    price_date: row.price_date,
  };
}

const app = Fastify({ logger: false });

app.addHook('onRequest', async (request, reply) => {
  if (request.url === '/health') return;
  if (request.headers.authorization !== expectedAuthorization) return reply.code(401).send({ error: 'unauthorized' });
});

app.get('/health', async () => ({ status: 'ok' }));

app.get<{ Querystring: { page?: string; size?: string } }>('/api/v1/stocks', async (request, reply) => {
  const page = Number(request.query.page ?? 1);
  const size = Number(request.query.size ?? 20);
  if (!Number.isInteger(page) || page < 1 || !Number.isInteger(size) || size < 1 || size > 100)
    return reply.code(400).send({ error: 'bad page or size' });
  const { rows } = await pool.query<StockRow>(LIST_SQL, [householdId, size, (page - 1) * size, 1]);
  const first = rows[0];
  const total =
    first !== undefined
      ? Number(first.page_total_count)
      : page === 1
        ? 0
        : Number((await pool.query<{ n: number }>(COUNT_SQL, [householdId])).rows[0]?.n ?? 0);
  return { items: rows.map(stockView), total, page, size, pages: Math.ceil(total / size) };
});

app.get<{ Params: { id: string } }>('/api/v1/stocks/:id', async (request, reply) => {
  if (!UUID.test(request.params.id)) return reply.code(404).send({ error: 'not found' });
  const { rows } = await pool.query<StockRow>(GET_SQL, [householdId, request.params.id, 1]);
  const row = rows[0];
  return row === undefined ? reply.code(404).send({ error: 'not found' }) : stockView(row);
});

app.get<{ Params: { id: string } }>('/api/v1/portfolios/:id/holdings', async (request, reply) => {
  if (!UUID.test(request.params.id)) return reply.code(404).send({ error: 'not found' });
  const { rows } = await pool.query<{ current_price: string | null }>(HOLDINGS_SQL, [request.params.id, householdId]);
  return { items: rows.map((row) => ({ ...row, current_price: trimZeros(row.current_price) })) };
});

const shutdown = () => {
  void app
    .close()
    .then(() => pool.end())
    .finally(() => process.exit(0));
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

await app.listen({ port, host: process.env.HOST ?? '127.0.0.1' });
