import { Writable } from 'node:stream';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { accessLog } from '../../src/http/accessLog.js';
import { requestId } from '../../src/http/requestId.js';
import { createLogger } from '../../src/logger.js';
import { listen, type Listening } from '../support/http.js';
import { waitFor } from '../support/waitFor.js';

type Line = Record<string, unknown> & { msg: string; level: number };

/** A bare express app with the production logger and the access log, and routes that answer
 * as told: /api/messages and web chat activity posts (customer turns) and any other path. */
async function serve(options: { turnSampleEvery: number; slowMs: number }): Promise<{ server: Listening; lines: () => Line[] }> {
  const raw: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      raw.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const app = express();
  app.use(requestId(), accessLog(createLogger('debug', sink), options));
  app.all('/hang', () => {
    // Never answers: the client gives up.
  });
  app.all('/{*any}', (req, res) => {
    const status = Number(req.query.status ?? 200);
    const wait = Number(req.query.wait ?? 0);
    setTimeout(() => res.status(status).json({}), wait);
  });
  const server = await listen(app);
  return { server, lines: () => raw.map((l) => JSON.parse(l) as Line) };
}

describe('access log', () => {
  let server: Listening | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('writes successful customer turns 1 in N, marked as sampled, and every other request', async () => {
    const s = await serve({ turnSampleEvery: 3, slowMs: 60_000 });
    server = s.server;
    for (let i = 0; i < 6; i++) await fetch(`${server.url}/api/messages`, { method: 'POST' });
    for (let i = 0; i < 6; i++) await fetch(`${server.url}/V3/DirectLine/conversations/c-${i}/activities`, { method: 'POST' });
    for (let i = 0; i < 3; i++) await fetch(`${server.url}/webchat/session`, { method: 'POST' });
    await waitFor(() => s.lines().length >= 7);
    const turns = s.lines().filter((l) => l.path === '/api/messages' || String(l.path).toLowerCase().startsWith('/v3/directline/'));
    expect(turns).toHaveLength(4);
    for (const l of turns) expect(l).toMatchObject({ msg: 'request', level: 30, method: 'POST', status: 200, sampled: 3, ip: '127.0.0.1' });
    const others = s.lines().filter((l) => l.path === '/webchat/session');
    expect(others).toHaveLength(3);
    for (const l of others) {
      expect(l).toMatchObject({ msg: 'request', status: 200, reqId: expect.any(String) });
      expect(l.sampled).toBeUndefined();
    }
  });

  it('always writes a customer turn that failed or was slow', async () => {
    const s = await serve({ turnSampleEvery: 1000, slowMs: 500 });
    server = s.server;
    await fetch(`${server.url}/api/messages`, { method: 'POST' }); // the first of a sample
    await fetch(`${server.url}/api/messages`, { method: 'POST' }); // not written
    await fetch(`${server.url}/api/messages?status=400`, { method: 'POST', headers: { 'x-request-id': 'bad-1' } });
    await fetch(`${server.url}/api/messages?status=429`, { method: 'POST', headers: { 'x-request-id': 'limited-1' } });
    await fetch(`${server.url}/v3/directline/conversations/c-1/activities?status=502`, { method: 'POST', headers: { 'x-request-id': 'failed-1' } });
    await fetch(`${server.url}/api/messages?wait=600`, { method: 'POST', headers: { 'x-request-id': 'slow-1' } });
    await waitFor(() => s.lines().length >= 5);
    const lines = s.lines();
    expect(lines).toHaveLength(5);
    expect(lines.find((l) => l.reqId === 'bad-1')).toMatchObject({ msg: 'request', level: 30, status: 400, path: '/api/messages' });
    expect(lines.find((l) => l.reqId === 'limited-1')).toMatchObject({ msg: 'request', level: 30, status: 429 });
    expect(lines.find((l) => l.reqId === 'failed-1')).toMatchObject({ msg: 'request failed', level: 40, status: 502, path: '/v3/directline/conversations/c-1/activities' });
    const slow = lines.find((l) => l.reqId === 'slow-1');
    expect(slow).toMatchObject({ msg: 'request', status: 200 });
    expect(slow?.ms).toBeGreaterThanOrEqual(500);
    for (const l of lines.filter((x) => x.status !== 200)) expect(l.sampled).toBeUndefined();
  });

  it('writes every customer turn when N is 1', async () => {
    const s = await serve({ turnSampleEvery: 1, slowMs: 60_000 });
    server = s.server;
    for (let i = 0; i < 4; i++) await fetch(`${server.url}/api/messages`, { method: 'POST' });
    await waitFor(() => s.lines().length >= 4);
    expect(s.lines()).toHaveLength(4);
    for (const l of s.lines()) expect(l.sampled).toBeUndefined();
  });

  it('writes a request the client gave up on as a failure', async () => {
    const s = await serve({ turnSampleEvery: 1000, slowMs: 60_000 });
    server = s.server;
    const abort = new AbortController();
    const gone = fetch(`${server.url}/hang`, { method: 'POST', headers: { 'x-request-id': 'gone-1' }, signal: abort.signal }).catch(() => undefined);
    setTimeout(() => abort.abort(), 50);
    await gone;
    await waitFor(() => s.lines().length >= 1);
    expect(s.lines()[0]).toMatchObject({ msg: 'request failed', level: 40, reqId: 'gone-1', path: '/hang', err: 'request aborted' });
  });

  it('never writes a query string or an invitation token, whatever the case of the path', async () => {
    const s = await serve({ turnSampleEvery: 1, slowMs: 60_000 });
    server = s.server;
    await fetch(`${server.url}/s/secret-invite-token/more?x=1`);
    await fetch(`${server.url}/S/secret-invite-token`);
    await fetch(`${server.url}/v3/directline/conversations/c-9/activities?t=secret-token&watermark=3`);
    await waitFor(() => s.lines().length >= 3);
    expect(s.lines().map((l) => l.path)).toEqual(['/s/:invite/more', '/s/:invite', '/v3/directline/conversations/c-9/activities']);
    expect(JSON.stringify(s.lines())).not.toMatch(/secret|watermark|\?/);
  });
});
