import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, ApiError, caseQuery, errorText, signInErrorText } from '../../../web/staff/api.js';
import { createTranslator } from '../../../web/staff/i18n.js';
import { parseSession } from '../../../web/staff/session.js';
import { backoff } from '../../../web/staff/live.js';
import { ROOT } from '../../support/scripts.js';

const load = (l: string) => JSON.parse(readFileSync(join(ROOT, 'web/staff/locales', `${l}.json`), 'utf8')) as Record<string, string>;
const EN = load('en');
const t = createTranslator('en', EN, EN);
const tEs = createTranslator('es', load('es'), EN);

describe('the case list’s filters as a query', () => {
  it.each([
    [{}, ''],
    [{ status: 'open,claimed' }, '?status=open%2Cclaimed'],
    [{ status: '', priority: 'high,urgent', survey: '  post-purchase ', maxAgeHours: '24' }, '?priority=high%2Curgent&survey=post-purchase&maxAgeHours=24'],
    [{ survey: '   ' }, ''],
    [{ survey: 'a&b=c' }, '?survey=a%26b%3Dc'],
  ])('%j → %s', (filters, want) => {
    expect(caseQuery(filters)).toBe(want);
  });
});

describe('what a person is told about a failed call', () => {
  it.each([
    [new ApiError(0, 'NETWORK', 'x'), 'Cannot reach the server. Check the connection and try again.'],
    [new ApiError(409, 'CASE_TAKEN', 'Ben has already claimed this case'), 'Someone else has already claimed this case.'],
    [new ApiError(429, 'RATE_LIMITED', 'Too many requests; try again in 3 s.'), 'Too many requests. Wait a moment and try again.'],
    [new ApiError(429, 'SOMETHING_NEW', 'slow down'), 'Too many attempts. Wait a minute and try again.'],
    [new ApiError(400, 'BAD_REQUEST', 'status must be a comma-separated list'), 'status must be a comma-separated list'],
    [new ApiError(500, 'INTERNAL', 'Internal error'), 'The server answered 500. Try again.'],
    [new Error('boom'), 'boom'],
    ['a string', 'Something went wrong. Try again.'],
  ])('%s', (err, want) => {
    expect(errorText(err, t)).toBe(want);
  });

  it('explains a refused sign-in by what was tried, in the page language', () => {
    expect(signInErrorText(new ApiError(401, 'UNAUTHORIZED', 'x'), false, t)).toBe('Wrong username or password.');
    expect(signInErrorText(new ApiError(401, 'UNAUTHORIZED', 'x'), true, t)).toBe('That admin token is not valid.');
    expect(signInErrorText(new ApiError(401, 'UNAUTHORIZED', 'x'), false, tEs)).toBe('Usuario o contraseña incorrectos.');
    expect(signInErrorText(new ApiError(429, 'TOO_MANY_ATTEMPTS', 'x'), false, t)).toBe('Too many attempts. Wait a minute and try again.');
  });
});

describe('the API client against a real server', () => {
  let server: Server;
  let base = '';
  const seen: { url: string; auth: string | undefined; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ url: req.url ?? '', auth: req.headers.authorization, body });
        const answer = (status: number, json: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
        if (req.url === '/ok') return answer(200, { fine: true });
        if (req.url === '/empty') return res.writeHead(204).end();
        if (req.url === '/401') return answer(401, { error: { code: 'UNAUTHORIZED', message: 'Sign in first' } });
        if (req.url === '/slow401') return void setTimeout(() => answer(401, { error: { code: 'UNAUTHORIZED', message: 'Sign in first' } }), 100);
        if (req.url === '/403') return answer(403, { error: { code: 'FORBIDDEN', message: 'Editing surveys is for admins.' } });
        if (req.url === '/422') return answer(422, { error: { code: 'SCRIPT_INVALID', message: 'The script has 1 problem.', problems: [{ code: 'YAML', path: [], message: 'bad', line: 3 }] } });
        res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  function client(token: () => string | undefined) {
    const events: string[] = [];
    const c = new ApiClient({ token, unauthorized: (tok) => events.push(`401 ${tok}`), forbidden: (tok) => events.push(`403 ${tok}`) });
    return { c, events };
  }

  it('sends JSON with the session’s token, and reads JSON back', async () => {
    const { c } = client(() => 'tok-1');
    expect(await c.request('POST', `${base}/ok`, { a: 1 })).toEqual({ fine: true });
    expect(seen.at(-1)).toEqual({ url: '/ok', auth: 'Bearer tok-1', body: '{"a":1}' });
    expect(await c.request('DELETE', `${base}/empty`)).toEqual({});
    await c.request('POST', `${base}/ok`, {}, { anonymous: true });
    expect(seen.at(-1)!.auth).toBeUndefined();
  });

  it('ends the session on a 401, but only the session the call was made with', async () => {
    let token = 'old';
    const { c, events } = client(() => token);
    await expect(c.request('GET', `${base}/401`)).rejects.toMatchObject({ status: 401, code: 'UNAUTHORIZED', message: 'Sign in first' });
    expect(events).toEqual(['401 old']);
    // A late answer to the old session's call must not sign out the new one.
    const late = c.request('GET', `${base}/slow401`);
    await new Promise((r) => setTimeout(r, 20));
    token = 'new';
    await expect(late).rejects.toMatchObject({ status: 401 });
    expect(events).toEqual(['401 old']);
  });

  it('says "admins only" for a 403 from an admin call, not from a refused case action', async () => {
    const { c, events } = client(() => 'tok');
    await expect(c.request('POST', `${base}/403`)).rejects.toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(events).toEqual([]);
    await expect(c.request('GET', `${base}/403`, undefined, { admin: true })).rejects.toMatchObject({ status: 403 });
    expect(events).toEqual(['403 tok']);
  });

  it('carries a refused script’s problems, and copes with answers that are not JSON or no answer', async () => {
    const { c } = client(() => 'tok');
    const err = (await c.request('POST', `${base}/422`).catch((e: unknown) => e)) as ApiError;
    expect(err.problems).toEqual([{ code: 'YAML', path: [], message: 'bad', line: 3 }]);
    await expect(c.request('GET', `${base}/502`)).rejects.toMatchObject({ status: 502, code: 'HTTP_502' });
    await expect(c.request('GET', 'http://127.0.0.1:1/nothing')).rejects.toMatchObject({ status: 0, code: 'NETWORK' });
  });
});

describe('the stored session', () => {
  const NOW = Date.parse('2026-03-10T12:00:00Z');
  it.each([
    ['{"token":"t","user":{"name":"ana","role":"agent"},"expiresAt":"2026-03-10T13:00:00Z"}', { token: 't', user: { name: 'ana', role: 'agent' }, expiresAt: '2026-03-10T13:00:00Z' }],
    ['{"token":"t","user":{"name":"root","role":"admin"}}', { token: 't', user: { name: 'root', role: 'admin' }, expiresAt: '' }],
    ['{"token":"t","user":{"name":"vi","role":"viewer"}}', { token: 't', user: { name: 'vi', role: 'viewer' }, expiresAt: '' }],
    ['{"token":"t","user":{"name":"x","role":"superuser"}}', { token: 't', user: { name: 'x', role: 'agent' }, expiresAt: '' }],
    ['{"token":"t","user":{"name":"ana","role":"agent"},"expiresAt":"2026-03-10T11:59:59Z"}', null],
    ['{"user":{"name":"ana"}}', null],
    ['{"token":"t"}', null],
    ['not json', null],
    [null, null],
  ])('%s', (json, want) => {
    expect(parseSession(json, NOW)).toEqual(want);
  });
});

describe('the live socket’s reconnect schedule', () => {
  it('waits 1, 2, 4, 8, then 15 s', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map(backoff)).toEqual([1000, 2000, 4000, 8000, 15000, 15000, 15000]);
  });
});
