import pino, { type Logger } from 'pino';

/** JSON lines (pino); request lines carry `request_id`. Secrets in headers are never written. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'stockbook' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
  });
}
