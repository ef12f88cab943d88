import { type SelectQueryBuilder, sql } from 'kysely';
import { pageOf } from '../../application/pagination.js';
import type { Page, PageRequest } from '../../application/ports.js';

/** Adds the request's `sort=field:dir,…` (fields already checked against the resource's list). */
export function sorted<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  request: PageRequest,
): SelectQueryBuilder<DB, TB, O> {
  let q = query;
  for (const s of request.sort) q = q.orderBy(sql.ref(s.field), s.direction);
  return q;
}

type Counted<O> = O & { page_total_count: number };

/**
 * One page of a list: the rows of `rows` (selected and ordered) with the total of `filtered` (the same
 * WHERE clauses, nothing selected). The total rides along each row as a window count, so a page costs one
 * query; only a page past the end, which has no rows to carry it, counts separately.
 */
export function fetchPage<DB, TB extends keyof DB, O, Item, FDB, FTB extends keyof FDB>(
  rows: SelectQueryBuilder<DB, TB, O>,
  // biome-ignore lint/complexity/noBannedTypes: Kysely's type for a query that selects nothing yet
  filtered: SelectQueryBuilder<FDB, FTB, {}>,
  request: PageRequest,
  map: (row: O) => Item,
): Promise<Page<Item>> {
  return fetchDecoratedPage(rows, (page) => page, filtered, request, map);
}

/**
 * `fetchPage`, with `decorate` wrapping the page once it is cut (typically a join of what each row shows, in
 * the same query): the join then runs for the rows of the page only, not for every row the total counts.
 * `decorate` keeps `page_total_count` and the page's order.
 */
export async function fetchDecoratedPage<DB, TB extends keyof DB, O, R, Item, FDB, FTB extends keyof FDB>(
  rows: SelectQueryBuilder<DB, TB, O>,
  decorate: (page: SelectQueryBuilder<DB, TB, Counted<O>>) => { execute(): Promise<Array<Counted<R>>> },
  // biome-ignore lint/complexity/noBannedTypes: Kysely's type for a query that selects nothing yet
  filtered: SelectQueryBuilder<FDB, FTB, {}>,
  request: PageRequest,
  map: (row: R) => Item,
): Promise<Page<Item>> {
  const page = rows
    .select(sql<number>`count(*) over ()`.as('page_total_count'))
    .limit(request.size)
    .offset((request.page - 1) * request.size) as SelectQueryBuilder<DB, TB, Counted<O>>;
  const found = await decorate(page).execute();
  const first = found[0];
  const total =
    first !== undefined
      ? Number(first.page_total_count)
      : request.page === 1
        ? 0
        : Number(((await filtered.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()) as { n: number }).n);
  return pageOf(
    found.map((row) => map(row)),
    total,
    request,
  );
}
