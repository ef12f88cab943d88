import { FieldErrors } from '../domain/errors.js';
import type { Page, PageRequest } from './ports.js';

export const MAX_PAGE_SIZE = 100;
/** Beyond this the offset would leave the range the database takes (and no list is that long). */
export const MAX_PAGE = 1_000_000;

/** Reads `page`, `size` and `sort=field:asc,other:desc` against the fields a resource documents. */
export function pageRequest<S extends string>(
  query: { page?: number; size?: number; sort?: string },
  allowed: readonly S[],
  fallback: PageRequest<S>['sort'],
): PageRequest<S> {
  const errors = new FieldErrors();
  const page = query.page ?? 1;
  const size = query.size ?? 20;
  if (!Number.isInteger(page) || page < 1) errors.add('page', 'page must be 1 or more');
  else if (page > MAX_PAGE) errors.add('page', `page must be at most ${MAX_PAGE}`);
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE)
    errors.add('size', `size must be from 1 to ${MAX_PAGE_SIZE}`);
  const sort: PageRequest<S>['sort'] = [];
  if (query.sort !== undefined && query.sort.trim() !== '') {
    for (const part of query.sort.split(',')) {
      const [field = '', direction = 'asc', ...rest] = part.trim().split(':');
      if (!(allowed as readonly string[]).includes(field)) {
        errors.add('sort', `Unknown sort field '${field}'; use one of ${allowed.join(', ')}`);
      } else if ((direction !== 'asc' && direction !== 'desc') || rest.length > 0) {
        errors.add('sort', `Sort direction of '${field}' must be asc or desc`);
      } else if (!sort.some((s) => s.field === field)) {
        sort.push({ field: field as S, direction });
      }
    }
  }
  errors.throwIfAny();
  return { page, size, sort: sort.length > 0 ? sort : fallback };
}

export function pageOf<T>(items: T[], total: number, request: PageRequest): Page<T> {
  return { items, total, page: request.page, size: request.size, pages: Math.ceil(total / request.size) };
}
