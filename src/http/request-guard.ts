import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../domain/errors.js';

/**
 * The first string under `root` that contains a NUL character, as a dotted field path (`''` for the
 * root itself), or null. Walked with an explicit stack: client data never drives recursion.
 */
export function findNul(root: unknown): string | null {
  const stack: Array<[unknown, string]> = [[root, '']];
  while (stack.length > 0) {
    const [value, path] = stack.pop() as [unknown, string];
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return path;
    } else if (value !== null && typeof value === 'object') {
      const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
      // Pushed in reverse so that the first offending field in document order is the one reported.
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i] as readonly [string, unknown];
        stack.push([child, path === '' ? key : `${path}.${key}`]);
      }
    }
  }
  return null;
}

/**
 * Two rules for every route, applied once before validation:
 * - a query parameter left blank (`?stock_id=`, as a form sends an unset filter) is the same as an
 *   absent one: no filter, the default page, the default sort;
 * - PostgreSQL text cannot hold the NUL character, so no body or query string may carry one: it is
 *   refused with 400 naming the field.
 */
export function registerRequestGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const query = request.query as Record<string, unknown> | undefined;
    if (query !== null && typeof query === 'object') {
      for (const [name, value] of Object.entries(query)) {
        if (typeof value === 'string' && value.trim() === '') delete query[name];
      }
    }
    const field = findNul(request.body) ?? findNul(query);
    if (field !== null) throw ValidationError.field(field || 'body', 'must not contain NUL characters');
  });
}
