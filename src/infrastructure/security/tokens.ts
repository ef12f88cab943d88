import { createHmac, randomBytes } from 'node:crypto';
import type { TokenService } from '../../application/ports.js';

/** 256-bit random tokens; stored as an HMAC keyed by SECRET_KEY, so a leaked table yields no usable token. */
export function sessionTokens(secretKey: string): TokenService {
  return {
    generate: () => randomBytes(32).toString('base64url'),
    digest: (token) => createHmac('sha256', secretKey).update(token).digest('base64url'),
  };
}
