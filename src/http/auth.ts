import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticate } from '../application/auth.js';
import type { AppContext } from '../application/context.js';
import type { Principal } from '../application/principal.js';
import { AuthenticationError, ForbiddenError } from '../domain/errors.js';

export const SESSION_COOKIE = 'stockbook_session';

/** Who may call a route: nobody needs to log in, a login is used when given, or a login is required. */
export type Access = 'public' | 'optional' | 'authenticated';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** The principal of an authenticated route; the hook has already refused anonymous calls. */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === null) throw new AuthenticationError();
  return request.principal;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function requestOrigin(request: FastifyRequest): string | null {
  const origin = request.headers.origin;
  if (typeof origin === 'string' && origin !== 'null') return origin;
  const referer = request.headers.referer;
  if (typeof referer === 'string') {
    try {
      return new URL(referer).origin;
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * Resolves the caller from a bearer token or the session cookie. A cookie-authenticated write must
 * come from this site (SameSite on the cookie, plus this Origin check for browsers that ignore it).
 */
export function registerAuthentication(app: FastifyInstance, ctx: AppContext, trustedOrigins: string[]): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access ?? 'public';
    if (access === 'public') return;

    const header = request.headers.authorization;
    let token: string | undefined;
    let viaCookie = false;
    if (typeof header === 'string' && header !== '') {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (match === null) throw new AuthenticationError('Use an Authorization header of the form "Bearer <token>"');
      token = match[1];
    } else {
      token = request.cookies[SESSION_COOKIE];
      viaCookie = token !== undefined;
    }
    if (token === undefined || token === '') {
      if (access === 'optional') return;
      throw new AuthenticationError();
    }
    const principal = await authenticate(ctx, token);
    if (principal === null) throw new AuthenticationError('The session is invalid or has expired');
    if (viaCookie && !SAFE_METHODS.has(request.method)) {
      const origin = requestOrigin(request);
      const own = `${request.protocol}://${request.host}`;
      if (origin === null || (origin !== own && !trustedOrigins.includes(origin)))
        throw new ForbiddenError('Cross-site request refused');
    }
    request.principal = principal;
  });
}
