import { type SelectQueryBuilder, sql } from 'kysely';
import { pageOf } from '../../application/pagination.js';
import type { Page, PageRequest } from '../../application/ports.js';

/** A query with its selection made and its order set; the page's LIMIT and OFFSET are added here. */
interface Pageable<Row> {
  limit(limit: number): { offset(offset: number): { execute(): Promise<Row[]> } };
}

/** Adds the request's `sort=field:dir,…` (fields already checked against the resource's list). */
export function sorted<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  request: PageRequest,
): SelectQueryBuilder<DB, TB, O> {
  let q = query;
  for (const s of request.sort) q = q.orderBy(sql.ref(s.field), s.direction);
  return q;
}

/**
 * One page of a list: the rows of `rows` (selected and ordered) and the total of `filtered` (the same
 * WHERE clauses, nothing selected), fetched together.
 */
export async function fetchPage<DB, TB extends keyof DB, Row, Item>(
  rows: Pageable<Row>,
  // biome-ignore lint/complexity/noBannedTypes: Kysely's type for a query that selects nothing yet
  filtered: SelectQueryBuilder<DB, TB, {}>,
  request: PageRequest,
  map: (row: Row) => Item,
): Promise<Page<Item>> {
  const [found, count] = await Promise.all([
    rows
      .limit(request.size)
      .offset((request.page - 1) * request.size)
      .execute(),
    filtered.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return pageOf(found.map(map), Number((count as { n: number }).n), request);
}
