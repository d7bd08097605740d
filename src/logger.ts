import { pino, type DestinationStream, type Logger } from 'pino';
import { maskPersonalData } from './core/privacy/maskPersonalData.js';
import { currentRequestId } from './http/requestContext.js';

/** The mixin's answer outside a request: never written to (see mixinMergeStrategy). */
const NO_FIELDS = Object.freeze({});

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
      return reqId ? { reqId } : NO_FIELDS;
    },
    // pino's own strategy assigns the line's fields onto the mixin's object: a new one per line.
    mixinMergeStrategy: (fields: object, mixed: object) => (mixed === NO_FIELDS ? fields : Object.assign(mixed, fields)),
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
  // Copied only when something is masked: most lines have nothing to mask.
  const fields = arg as Record<string, unknown>;
  let masked: Record<string, unknown> | undefined;
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    const safe = typeof value === 'string' ? maskPersonalData(value) : value instanceof Error ? maskError(value) : value;
    if (safe !== value) (masked ??= { ...fields })[key] = safe;
  }
  return masked ?? arg;
}

/** A copy (the caller's error is left alone) that pino still serializes as an error. */
function maskError(err: Error): Error {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(err) as object) as Error, err);
  copy.message = maskPersonalData(err.message);
  if (err.stack) copy.stack = maskPersonalData(err.stack);
  return copy;
}
