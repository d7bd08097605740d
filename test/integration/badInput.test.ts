import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { SatisfyApp } from '../../src/app.js';
import { MAX_YAML_VALUES } from '../../src/scripts/parseScriptYaml.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import type { Stores } from '../../src/storage/Stores.js';
import { testCase } from '../contract/caseStore.contract.js';
import { ADMIN_TOKEN, createTestApp } from '../support/app.js';
import { listen, startConnector, type Listening } from '../support/http.js';

// Issue 12 item 8: each of these answered 500 (or crashed the process, or was silently
// misread) before; each must be a clear 4xx in our error shape.
let satisfy: SatisfyApp;
let server: Listening;
let connector: Listening;
let stores: Stores;
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

beforeAll(async () => {
  stores = memoryStores();
  satisfy = await createTestApp({}, { stores, background: false });
  server = await listen(satisfy.app, satisfy.attach);
  connector = await startConnector();
});

afterAll(async () => {
  await server.close();
  await connector.close();
  await satisfy.close();
});

async function errorOf(res: Response): Promise<{ status: number; code: string; message: string }> {
  const body = (await res.json()) as { error: { code: string; message: string } };
  return { status: res.status, code: body.error.code, message: body.error.message };
}

const json = (body: unknown, headers: Record<string, string> = {}) => ({ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('a locale that is not a string', () => {
  it('is a 400 on /api/messages, not "requested.trim is not a function"', async () => {
    const activity = { type: 'message', text: 'hi', locale: { a: 1 }, serviceUrl: connector.url, channelId: 'emulator', conversation: { id: 'loc-obj' }, from: { id: 'u1' }, recipient: { id: 'bot' } };
    expect(await errorOf(await fetch(`${server.url}/api/messages`, json(activity)))).toEqual(expect.objectContaining({ status: 400, code: 'BAD_ACTIVITY', message: expect.stringContaining('locale') }));
  });

  it('is a 400 on /chat when repeated (an array)', async () => {
    expect(await errorOf(await fetch(`${server.url}/chat?locale=en&locale=es`))).toEqual(expect.objectContaining({ status: 400, code: 'BAD_QUERY' }));
    // express 5's simple query parser keeps locale[a] as a key of its own: no locale, the page.
    expect((await fetch(`${server.url}/chat?locale[a]=1`)).status).toBe(200);
  });

  it('is a 400 on /webchat/session and in the admin preview', async () => {
    expect((await errorOf(await fetch(`${server.url}/webchat/session`, json({ locale: ['en'] })))).status).toBe(400);
    const preview = await fetch(`${server.url}/admin/api/preview`, json({ source: 'id: x', locale: { en: 1 }, input: { type: 'start' } }, admin));
    expect((await errorOf(preview)).status).toBe(400);
  });
});

describe('request bodies that cannot be read', () => {
  it('a gzip body that is not gzip is a 400', async () => {
    const res = await fetch(`${server.url}/webchat/session`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: 'not gzip at all' });
    expect(await errorOf(res)).toEqual(expect.objectContaining({ status: 400, code: 'BAD_BODY' }));
  });

  it('a real gzip body is read, and an unknown encoding is a 415', async () => {
    const ok = await fetch(`${server.url}/webchat/session`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: gzipSync('{}') });
    expect(ok.status).toBe(200);
    const res = await fetch(`${server.url}/webchat/session`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'zstd-maybe' }, body: '{}' });
    expect(await errorOf(res)).toEqual(expect.objectContaining({ status: 415, code: 'UNSUPPORTED_ENCODING' }));
  });
});

describe('a malformed percent-escape in a Direct Line path', () => {
  it.each(['GET', 'POST'])('is a 400 over HTTP (%s)', async (method) => {
    const res = await fetch(`${server.url}/v3/directline/conversations/%E0%A4%A/activities`, { method, headers: { 'content-type': 'application/json', authorization: 'Bearer x' }, ...(method === 'POST' ? { body: '{}' } : {}) });
    expect(await errorOf(res)).toEqual(expect.objectContaining({ status: 400, code: 'BAD_PATH' }));
  });

  it('is a 400 on the stream WebSocket, and the server keeps serving', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`${server.url.replace('http', 'ws')}/v3/directline/conversations/%E0%A4%A/stream?t=x`);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => reject(new Error('opened')));
      ws.on('error', reject);
    });
    expect(status).toBe(400);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe('date and status filters', () => {
  it.each([
    ['to', 'to=2026-02-31'],
    ['from', 'from=2026-02-30'],
    ['to', 'to=2026-02-28T24:00:00Z'],
    ['from', 'from=yesterday'],
    ['from', 'from=2026-01-01&from=2026-02-01'],
  ])('/api/responses refuses an impossible %s with 400 naming it (%s)', async (name, query) => {
    const error = await errorOf(await fetch(`${server.url}/api/responses?${query}`, { headers: admin }));
    expect(error).toEqual(expect.objectContaining({ status: 400, code: 'BAD_QUERY' }));
    expect(error.message.startsWith(`${name}:`)).toBe(true);
  });

  it('/api/responses still takes a real day and an ISO time', async () => {
    expect((await fetch(`${server.url}/api/responses?from=2024-02-29&to=2026-11-30T23:00:00%2B01:00`, { headers: admin })).status).toBe(200);
  });

  it('the console case list filters by every repeated status, and refuses impossible dates', async () => {
    await stores.cases.create(testCase('f-open', 0, { status: 'open' }));
    await stores.cases.create(testCase('f-claimed', 0, { status: 'claimed' }));
    await stores.cases.create(testCase('f-resolved', 0, { status: 'resolved' }));
    const ids = async (query: string) => {
      const res = await fetch(`${server.url}/console/api/cases?${query}`, { headers: admin });
      expect(res.status).toBe(200);
      return ((await res.json()) as { cases: { id: string }[] }).cases.map((c) => c.id).sort();
    };
    expect(await ids('status=open&status=claimed')).toEqual(['f-claimed', 'f-open']);
    expect(await ids('status=open,claimed')).toEqual(['f-claimed', 'f-open']);
    expect(await ids('status=resolved')).toEqual(['f-resolved']);
    expect(await ids('to=2000-01-01')).toEqual([]);
    const bad = await errorOf(await fetch(`${server.url}/console/api/cases?to=2026-02-31`, { headers: admin }));
    expect(bad).toEqual(expect.objectContaining({ status: 400, code: 'BAD_REQUEST', message: expect.stringMatching(/^to /) }));
  });
});

describe('a huge script', () => {
  it('is refused by the admin API with the limit named, as a 422 with its problems', async () => {
    const source = `id: post-purchase\ntitle: { en: Big }\n${Array.from({ length: 20_000 }, (_, i) => `k${i}: 1`).join('\n')}\n`;
    const res = await fetch(`${server.url}/admin/api/surveys/post-purchase/publish`, { method: 'POST', headers: { 'content-type': 'application/json', ...admin }, body: JSON.stringify({ source }) });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; problems: { message: string }[] } };
    expect(body.error.code).toBe('SCRIPT_INVALID');
    expect(body.error.problems[0]!.message).toContain(`more than ${MAX_YAML_VALUES}`);
  });
});
