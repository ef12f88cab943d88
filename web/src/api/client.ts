import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;

/** The JSON of an operation's success answer, e.g. `Answer<'/api/v1/auth/me'>`. */
export type Answer<P extends keyof paths, M extends 'get' | 'post' | 'patch' = 'get'> = paths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: infer OK }
    ? Json<OK>
    : R extends { 201: infer Created }
      ? Json<Created>
      : never
  : never;

/** An item of a paged list answer, e.g. `Item<'/api/v1/stocks'>`. */
export type Item<P extends keyof paths> = Answer<P> extends { items: (infer I)[] } ? I : never;

export interface FieldProblem {
  field: string;
  message: string;
}

/** The API's error envelope (product.md section 4), as one error type for the whole interface. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldProblem[] = [],
    readonly requestId: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Envelope = { error?: { code?: string; message?: string; details?: FieldProblem[]; request_id?: string } };

function toApiError(response: Response, body: unknown): ApiError {
  const error = (body as Envelope | undefined)?.error;
  if (error?.message)
    return new ApiError(response.status, error.code ?? 'ERROR', error.message, error.details, error.request_id);
  return new ApiError(
    response.status,
    'NETWORK_ERROR',
    `The server answered ${response.status}. Try again in a moment.`,
  );
}

let onSignedOut: (() => void) | null = null;

/** What to do when the session ends (a 401 on anything but the sign-in itself): the app sends the person to sign in. */
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

const sessionGuard: Middleware = {
  onResponse({ request, response }) {
    const path = new URL(request.url).pathname;
    if (response.status === 401 && path !== '/api/v1/auth/login' && path !== '/api/v1/auth/me') onSignedOut?.();
    return undefined;
  },
};

/** The one API client: same-origin requests with the session cookie, never a token in web storage. */
export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
api.use(sessionGuard);

/** The data of an API answer, or its envelope as an ApiError. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let answer: { data?: T; error?: unknown; response: Response };
  try {
    answer = await call;
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', 'StockBook cannot be reached. Check the connection and try again.');
  }
  if (!answer.response.ok) throw toApiError(answer.response, answer.error);
  return answer.data as T;
}

/**
 * Request options that send a chosen file's own bytes, unchanged, as the body (an import): the server reads
 * its encoding, delimiter and byte-order mark itself. The schema's body is the file's content, which the
 * serializer puts in place of the empty stand-in.
 */
export function fileBody(file: Blob, contentType: string) {
  return { body: {}, bodySerializer: () => file, headers: { 'content-type': contentType } };
}
