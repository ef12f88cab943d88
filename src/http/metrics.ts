import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { AuthenticationError } from '../domain/errors.js';
import type { Metrics } from '../infrastructure/metrics.js';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Compared as digests: equal lengths for timingSafeEqual, and no early exit on the first different byte. */
function bearerMatches(header: string | undefined, expected: Buffer): boolean {
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match !== null && timingSafeEqual(digest(match[1] as string), expected);
}

/**
 * Times every request under its route pattern and serves `/metrics`. Registered on the root instance
 * (not in a plugin's scope) so that the hook sees every route, the not-found handler included.
 * Like `/health`, `/metrics` is public to the session layer and exempt from rate limits: a scraper has
 * no session, and must not be throttled into gaps. With a token it refuses every other caller.
 */
export function registerMetrics(app: FastifyInstance, metrics: Metrics, token: string | null): void {
  app.addHook('onResponse', async (request, reply) => {
    // routeOptions.url is the pattern (`/api/v1/stocks/:id`); undefined when no route matched.
    metrics.observeRequest(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
  });
  const expected = token === null ? null : digest(token);
  app.get('/metrics', { schema: { hide: true }, config: { rateLimit: false } }, async (request, reply) => {
    if (expected !== null && !bearerMatches(request.headers.authorization, expected)) {
      reply.header('www-authenticate', 'Bearer');
      throw new AuthenticationError('A valid metrics token is required');
    }
    const text = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(text);
  });
}
