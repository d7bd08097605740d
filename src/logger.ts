import { pino, type Logger } from 'pino';

/** Structured logs; customer text is never logged at info, and credentials are redacted. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'satisfy' },
    redact: { paths: ['req.headers.authorization', 'headers.authorization', '*.password', '*.token'], censor: '[redacted]' },
  });
}
