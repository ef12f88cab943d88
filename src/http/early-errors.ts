import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorCode } from '../domain/errors.js';
import { errorBody, sendError } from './errors.js';
import type { HeaderMap } from './security-headers.js';

/**
 * Refusals that happen before a request reaches a route, so that no hook of ours runs for them: they
 * get the envelope, `x-request-id` and the security headers here, like every other answer.
 */

/** Fastify's refusals while routing (its `frameworkErrors`): the URL itself cannot name a route. */
export function frameworkErrorHandler(headers: HeaderMap) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    reply.headers(headers).header('x-request-id', request.id);
    if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
      // An id that long names nothing, exactly as a shorter unknown id: the same 404.
      return sendError(request, reply, 'NOT_FOUND', 'Nothing is found at this address');
    }
    if (error.code === 'FST_ERR_BAD_URL') {
      return sendError(request, reply, 'VALIDATION_ERROR', 'The address is not valid', [
        { field: 'path', message: 'contains malformed percent-encoding' },
      ]);
    }
    return sendError(request, reply, 'VALIDATION_ERROR', 'The request is not valid');
  };
}

interface SocketRefusal {
  status: number;
  code: ErrorCode;
  message: string;
}

function refusalOf(errorCode: string | undefined): SocketRefusal {
  if (errorCode === 'HPE_HEADER_OVERFLOW')
    return { status: 431, code: 'PAYLOAD_TOO_LARGE', message: 'The request headers are too large' };
  if (errorCode === 'ERR_HTTP_REQUEST_TIMEOUT')
    return { status: 408, code: 'VALIDATION_ERROR', message: 'The request did not arrive in time' };
  return { status: 400, code: 'VALIDATION_ERROR', message: 'The request is not valid HTTP' };
}

/** Only a socket with no answer started may get one: anything else would corrupt what the client reads. */
function canAnswer(socket: Socket): boolean {
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  return socket.writable && inFlight?.headersSent !== true;
}

/**
 * Node's HTTP parser refuses the request (malformed framing, headers over the limit, a body cut short):
 * no request object exists, so the answer is written to the socket by hand, then the connection closed.
 */
export function clientErrorHandler(headers: HeaderMap) {
  return function onClientError(this: FastifyInstance, error: NodeJS.ErrnoException, socket: Socket): void {
    if (error.code === 'ECONNRESET' || socket.destroyed) {
      this.log.debug({ code: error.code }, 'client went away');
      return;
    }
    const requestId = randomUUID();
    const refusal = refusalOf(error.code);
    this.log.info({ request_id: requestId, code: error.code, status: refusal.status }, 'malformed request refused');
    if (!canAnswer(socket)) {
      socket.destroy();
      return;
    }
    const body = JSON.stringify(errorBody(requestId, refusal.code, refusal.message));
    const lines = [
      `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status]}`,
      'content-type: application/json; charset=utf-8',
      `content-length: ${Buffer.byteLength(body)}`,
      `x-request-id: ${requestId}`,
      'connection: close',
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    ];
    socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy());
  };
}
