import { pino, type DestinationStream } from 'pino';
import type PinoPretty from 'pino-pretty';

/**
 * A destination that writes each log line for a person at a terminal (local time, level,
 * message, then the other fields on the same line), or undefined when pino-pretty is not
 * installed: it is a devDependency, there after `npm ci` but not after `npm ci --omit=dev`,
 * where the logs stay JSON for the machines that read them.
 */
export async function prettyLogs(load: () => Promise<{ default: typeof PinoPretty }> = () => import('pino-pretty')): Promise<DestinationStream | undefined> {
  let pretty: typeof PinoPretty;
  try {
    pretty = (await load()).default;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return undefined;
    throw err;
  }
  const format = pretty.prettyFactory({
    translateTime: 'SYS:HH:MM:ss.l',
    singleLine: true,
    // The same on every line; the access line's fields read better as "GET /chat 200 3 ms".
    ignore: 'pid,hostname,service,method,path,status,ms',
    // A template, not a function: pino-pretty strips terminal control characters from it.
    messageFormat: '{msg}{if method} {method}{end}{if path} {path}{end}{if status} {status}{end}{if ms} {ms} ms{end}',
  });
  // Formatted in the same call and written synchronously, like pino's own stdout: the last
  // lines before process.exit() are not lost (pino-pretty's stream form goes through pipes).
  const out = pino.destination({ dest: 1, sync: true });
  return { write: (line: string) => void out.write(format(line)) };
}
