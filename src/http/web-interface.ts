import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic, { type SetHeadersResponse } from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The built interface (npm run build:web), beside the service in the repository and in the image. */
export const WEB_ROOT = fileURLToPath(new URL('../../web/dist/', import.meta.url));

// The service's own paths; everything else is the interface's client routing (product.md section 11).
const SERVICE_PATH = /^\/(api(\/|$)|health|version(\/|$)|metrics(\/|$)|docs|openapi\.json(\/|$))/;

// Vite names every file under assets/ by its content's hash: a changed file is a new address.
const IMMUTABLE = 'public, max-age=31536000, immutable';

function cacheHeaders(res: SetHeadersResponse, path: string): void {
  res.setHeader('cache-control', /[\\/]assets[\\/]/.test(path) ? IMMUTABLE : 'no-cache');
}

/**
 * Serves the web interface from its built files: hashed assets for a year, index.html always
 * revalidated, and index.html for every address of the interface. Without a build, / leads to the
 * API's documentation instead.
 */
export async function registerWebInterface(app: FastifyInstance, root = WEB_ROOT): Promise<void> {
  if (!existsSync(`${root}index.html`)) {
    app.log.warn({ root }, 'the web interface is not built (npm run build:web): / shows the API documentation');
    app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/docs'));
    return;
  }
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: false,
    cacheControl: false,
    preCompressed: true,
    setHeaders: cacheHeaders,
  });
  const page = (request: FastifyRequest, reply: FastifyReply) =>
    SERVICE_PATH.test(request.url) ? reply.callNotFound() : reply.sendFile('index.html');
  app.get('/', { schema: { hide: true } }, page);
  app.get('/*', { schema: { hide: true } }, page);
}
