import { pino, type DestinationStream, type Logger } from 'pino';
import { maskPersonalData } from './core/privacy/maskPersonalData.js';
import { currentRequestId } from './http/requestContext.js';

/** Structured logs; customer text is never logged at info, credentials are redacted, and any
 * e-mail address, phone or card number that reaches a message, a top-level field or an error
 * message anyway (an error quoting a customer's input, debug logs) is masked. Every line
 * written while a request is served carries its id (reqId). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'satisfy' },
    redact: { paths: ['req.headers.authorization', 'headers.authorization', '*.password', '*.token'], censor: '[redacted]' },
    mixin: () => {
      const reqId = currentRequestId();
      return reqId ? { reqId } : {};
    },
    hooks: {
      logMethod(this: Logger, args: Parameters<Logger['info']>, method: Logger['info']) {
        method.apply(this, args.map(maskLogArgument) as Parameters<typeof method>);
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

function maskLogArgument(arg: unknown): unknown {
  if (typeof arg === 'string') return maskPersonalData(arg);
  if (arg instanceof Error) return maskError(arg);
  if (!arg || typeof arg !== 'object' || Array.isArray(arg)) return arg;
  return Object.fromEntries(
    Object.entries(arg as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? maskPersonalData(v) : v instanceof Error ? maskError(v) : v]),
  );
}

/** A copy (the caller's error is left alone) that pino still serializes as an error. */
function maskError(err: Error): Error {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(err) as object) as Error, err);
  copy.message = maskPersonalData(err.message);
  if (err.stack) copy.stack = maskPersonalData(err.stack);
  return copy;
}
