import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * JSON lines (pino) to standard output unless another destination is given; request lines carry
 * `request_id`. Secrets in headers are never written.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'stockbook' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
