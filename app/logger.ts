/** The App's structured logger. Secrets are redacted wherever they could appear. */
import { pino, type Logger } from 'pino';

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-hub-signature-256"]',
  'headers.authorization',
  'privateKey',
  'webhookSecret',
  'adminToken',
  'token',
  '*.token',
  '*.privateKey',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, destination);
}
