import helmet from 'helmet';

export type HeaderMap = Readonly<Record<string, string>>;

const OPTIONS: Parameters<typeof helmet>[0] = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      styleSrc: ["'self'", "'unsafe-inline'"],
      scriptSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
};

/**
 * The security headers of every response (product.md section 4), as helmet makes them, computed once.
 * One prepared map serves every path a response can take: the routes, Fastify's own refusals before
 * routing, and the answers written straight to the socket for malformed HTTP, which no hook reaches.
 */
export function securityHeaders(): HeaderMap {
  const headers: Record<string, string> = {};
  const collector = {
    setHeader(name: string, value: string | number) {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(OPTIONS)({} as never, collector as never, (error?: unknown) => {
    if (error) throw error;
  });
  return Object.freeze(headers);
}
