import { AsyncResource } from 'node:async_hooks';
import type { IncomingMessage } from 'node:http';

/** The content types read here; any other (a charset other than UTF-8, parameters, spacing
 * variants, no type at all) goes to express.json itself, whatever it does with it. */
const PLAIN_JSON = /^application\/json(?:; ?charset=utf-8)?$/i;

/** What body-parser's errors carry that errorHandler reads (type, status, expose). */
export interface BodyError extends Error {
  type: string;
  status: number;
  expose: boolean;
}

/**
 * Whether readLeanJson reads this body exactly as express.json({limit}) would: an uncompressed
 * plain UTF-8 JSON body, with a Content-Length within the limit or chunked, not yet read. The
 * rest (no body, no or another content type, Content-Encoding, a declared length over the limit)
 * is rare and left to express.json.
 */
export function leanJsonFits(req: IncomingMessage, limit: number): boolean {
  const { headers } = req;
  const type = headers['content-type'];
  if (type === undefined || headers['content-encoding'] !== undefined || !PLAIN_JSON.test(type)) return false;
  const length = headers['content-length'];
  if (length === undefined) {
    if (headers['transfer-encoding'] === undefined) return false;
  } else if (!/^[0-9]+$/.test(length) || Number(length) === 0 || Number(length) > limit) return false;
  // body-parser's isFinished check (on-finished): such a request's body is left unread.
  const { socket } = req;
  return !(req as { upgrade?: boolean }).upgrade && socket !== null && socket.readable && !(req.complete && !req.readable);
}

/**
 * Reads and parses a body leanJsonFits accepted, with body-parser's rules: a leading BOM is
 * dropped, strict JSON (an object or array), an empty body is {}. The callback gets the value, or
 * an error shaped as body-parser's (same type and status) once the request has been read off,
 * as body-parser answers only then. The callback runs in the async context of the call.
 */
export function readLeanJson(req: IncomingMessage, limit: number, callback: (err: BodyError | undefined, body?: unknown) => void): void {
  // The request's events run in the socket's async context: the callback goes on in the caller's
  // (the request id's, src/http/requestContext.ts), as raw-body's does.
  const done = AsyncResource.bind(callback);
  const chunks: Buffer[] = [];
  let received = 0;
  let over = false;
  let finished = false;
  const finish = (err: BodyError | undefined, body?: unknown) => {
    if (finished) return;
    finished = true;
    req.removeListener('data', onData);
    req.removeListener('end', onEnd);
    req.removeListener('aborted', onAborted);
    req.removeListener('error', onError);
    done(err, body);
  };
  const onData = (chunk: Buffer) => {
    if (over) return;
    received += chunk.length;
    if (received > limit) {
      over = true;
      chunks.length = 0;
      return;
    }
    chunks.push(chunk);
  };
  const onEnd = () => {
    if (over) return finish(bodyError('request entity too large', 'entity.too.large', 413));
    const buffer = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received);
    let text = buffer.toString('utf8');
    // iconv-lite, which body-parser decodes with, drops a byte-order mark.
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    let body: unknown;
    try {
      body = parseStrict(text);
    } catch (err) {
      return finish(bodyError((err as Error).message, 'entity.parse.failed', 400));
    }
    finish(undefined, body);
  };
  const onAborted = () => finish(bodyError('request aborted', 'request.aborted', 400));
  const onError = (err: Error) => finish(Object.assign(err, { type: (err as Partial<BodyError>).type ?? 'request.error', status: 400, expose: true }));
  req.on('data', onData);
  req.on('end', onEnd);
  req.on('aborted', onAborted);
  req.on('error', onError);
}

/** body-parser's strict JSON: only an object or an array at the top, and an empty body is {}. */
function parseStrict(text: string): unknown {
  if (text.length === 0) return {};
  let i = 0;
  // JSON's whitespace: space, tab, line feed, carriage return.
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  const first = text[i];
  if (first !== '{' && first !== '[') throw new SyntaxError(`Unexpected token ${first ?? 'end'} in JSON (strict: only an object or an array)`);
  return JSON.parse(text) as unknown;
}

function bodyError(message: string, type: string, status: number): BodyError {
  return Object.assign(new Error(message), { type, status, expose: true });
}
