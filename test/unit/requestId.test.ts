import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { currentRequestId } from '../../src/http/requestContext.js';
import { requestId } from '../../src/http/requestId.js';

/** What the next handler sees of the request context for a request to `path`. */
function seenBy(middleware: ReturnType<typeof requestId>, path: string): string | undefined {
  const req = { path, get: (name: string) => (name === 'x-request-id' ? 'given-id' : undefined) } as unknown as Request;
  const res = { locals: {}, setHeader: () => undefined } as unknown as Response;
  let seen: string | undefined = 'not called';
  middleware(req, res, () => {
    seen = currentRequestId();
  });
  expect(res.locals.requestId).toBe('given-id');
  return seen;
}

describe('requestId', () => {
  it('runs a request in its id\'s context, except on the paths that carry the id themselves', () => {
    // Node 20 hooks every promise of the process once any request enters the context: a Bot
    // Framework-only process (turns and probes) must never enter it.
    const middleware = requestId({ without: new Set(['/api/messages', '/readyz']) });
    expect(seenBy(middleware, '/v3/directline/conversations/x/activities')).toBe('given-id');
    expect(seenBy(middleware, '/api/messages')).toBeUndefined();
    expect(seenBy(middleware, '/readyz')).toBeUndefined();
    expect(seenBy(requestId({ context: false }), '/webchat/session')).toBeUndefined();
  });
});
