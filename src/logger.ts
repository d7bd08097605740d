import { pino, type DestinationStream, type Logger } from 'pino';
import { currentRequestId } from './http/requestContext.js';

/** Structured logs; customer text is never logged at info, and credentials are redacted. Every
 * line written while a request is served carries its id (reqId). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'satisfy' },
    redact: { paths: ['req.headers.authorization', 'headers.authorization', '*.password', '*.token'], censor: '[redacted]' },
    mixin: () => {
      const reqId = currentRequestId();
      return reqId ? { reqId } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
