import { register } from 'node:module';

/**
 * `node --import tsx --import ./test/support/withoutPinoPretty.ts src/main.ts` runs as after
 * `npm ci --omit=dev`, where the devDependency pino-pretty is not installed: resolving it fails
 * the way a missing package does.
 */
const hooks = `export async function resolve(specifier, context, next) {
  if (specifier === 'pino-pretty' || specifier.startsWith('pino-pretty/')) {
    const err = new Error("Cannot find package 'pino-pretty' (hidden by the test)");
    err.code = 'ERR_MODULE_NOT_FOUND';
    throw err;
  }
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
