import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../domain/errors.js';

/** The first string under `value` that contains a NUL character, as a dotted field path. */
function findNul(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNul(value[i], path === '' ? String(i) : `${path}.${i}`);
      if (found !== null) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const found = findNul(child, path === '' ? key : `${path}.${key}`);
      if (found !== null) return found;
    }
  }
  return null;
}

/**
 * PostgreSQL text cannot hold the NUL character, so no request may carry one into a query: every body
 * and query string is checked once here, before validation, and refused with 400 naming the field.
 */
export function registerTextGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const field = findNul(request.body, '') ?? findNul(request.query, '');
    if (field !== null) throw ValidationError.field(field || 'body', 'must not contain NUL characters');
  });
}
