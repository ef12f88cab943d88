import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode, type FieldError, RateLimitedError } from '../domain/errors.js';

export const STATUS_OF: Record<ErrorCode, number> = {
  VALIDATION_ERROR: 400,
  AUTHENTICATION_REQUIRED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  BUSINESS_RULE_VIOLATION: 422,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
};

// Connection-level failures (node's socket codes, pg's own messages, SQLSTATE classes 08 and 57P)
// mean the database is unreachable: the client gets 503, not 500.
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  if (typeof e?.code === 'string' && (UNREACHABLE_CODES.has(e.code) || /^(08|57P)/.test(e.code))) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Query read timeout|connect ECONNREFUSED/i.test(
    e?.message ?? '',
  );
}

interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

function fieldOf(issue: AjvIssue, context: string | undefined): string {
  const path = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const extra =
    (issue.params.missingProperty as string | undefined) ?? (issue.params.additionalProperty as string | undefined);
  const field = [path, extra].filter((p) => p !== undefined && p !== '').join('.');
  return field === '' ? (context ?? 'body') : field;
}

function messageOf(issue: AjvIssue): string {
  if (issue.keyword === 'additionalProperties') return 'Unknown field';
  if (issue.keyword === 'required') return 'Field is required';
  return issue.message ?? 'Invalid value';
}

/** Ajv reports one failure per branch of a union; keep one line per field. */
export function validationDetails(issues: AjvIssue[], context: string | undefined): FieldError[] {
  const byField = new Map<string, string>();
  for (const issue of issues) {
    if (issue.keyword === 'anyOf' || issue.keyword === 'oneOf') continue;
    const field = fieldOf(issue, context);
    if (!byField.has(field)) byField.set(field, messageOf(issue));
  }
  return [...byField].map(([field, message]) => ({ field, message }));
}

export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    details: FieldError[];
    request_id: string;
    timestamp: string;
  };
}

export function errorBody(requestId: string, code: ErrorCode, message: string, details: FieldError[] = []): ErrorBody {
  return { error: { code, message, details, request_id: requestId, timestamp: new Date().toISOString() } };
}

export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  message: string,
  details: FieldError[] = [],
) {
  return reply
    .code(STATUS_OF[code])
    .type('application/json; charset=utf-8')
    .send(errorBody(request.id, code, message, details));
}

/**
 * The client hung up before its request arrived whole (node marks such a message incomplete): not a
 * fault of ours, and above all not the database's, although the stream's error is an ECONNRESET too.
 */
function clientWentAway(request: FastifyRequest): boolean {
  return request.raw.complete === false || request.raw.readableAborted;
}

/** Every failure, ours or Fastify's, leaves in the one envelope; nothing internal reaches the client. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    if (error instanceof AppError) {
      if (error instanceof RateLimitedError) reply.header('retry-after', String(error.retryAfterSeconds));
      return sendError(request, reply, error.code, error.message, error.details);
    }
    const fastifyError = error as FastifyError;
    if (clientWentAway(request)) {
      request.log.info({ reason: error.message }, 'client went away before its request arrived whole');
      return sendError(request, reply, 'VALIDATION_ERROR', 'The request body was cut short');
    }
    if (fastifyError.validation) {
      return sendError(
        request,
        reply,
        'VALIDATION_ERROR',
        'The request is not valid',
        validationDetails(fastifyError.validation as AjvIssue[], fastifyError.validationContext),
      );
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      return sendError(request, reply, 'SERVICE_UNAVAILABLE', 'The database is unavailable; try again shortly');
    }
    const status = fastifyError.statusCode ?? 500;
    if (status === 413) return sendError(request, reply, 'PAYLOAD_TOO_LARGE', 'The request body is too large');
    if (status === 429) return sendError(request, reply, 'RATE_LIMITED', 'Too many requests, try again later');
    if (status === 415)
      return sendError(request, reply, 'VALIDATION_ERROR', 'Send the body as application/json', [
        { field: 'content-type', message: 'must be application/json' },
      ]);
    if (status >= 400 && status < 500) {
      // Fastify's own client errors (malformed JSON, empty body, bad header): safe to describe.
      return sendError(
        request,
        reply,
        'VALIDATION_ERROR',
        fastifyError.code?.startsWith('FST_ERR_CTP')
          ? 'The request body is not valid JSON'
          : 'The request is not valid',
      );
    }
    request.log.error({ err: error }, 'unexpected error');
    return sendError(request, reply, 'INTERNAL_ERROR', 'An unexpected error occurred');
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(request, reply, 'NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`),
  );
}
