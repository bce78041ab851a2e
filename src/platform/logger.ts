import pino, { type Logger } from 'pino';
import type { LogLevel } from './config/config.js';

/** Paths that may hold secrets in a log line; pino replaces them with "[redacted]" (invariant 3). */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.secret',
];

export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: redactedPaths, censor: '[redacted]' }, base: { service: 'bolwerk' } }, destination);
}
