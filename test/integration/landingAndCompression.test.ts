import { mkdtemp, readFile } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createApp, type SatisfyApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { ADMIN_TOKEN, TOKEN_SIGNING_KEY, createTestApp } from '../support/app.js';
import { DIALOGS_DIR, LOCALES_DIR } from '../support/scripts.js';
import { listen, type Listening } from '../support/http.js';

/** The raw answer, undecoded, for an Accept-Encoding of our choice. */
function raw(url: string, encoding: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'accept-encoding': encoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

describe('the landing page and compressed responses', () => {
  let satisfy: SatisfyApp;
  let server: Listening;

  beforeAll(async () => {
    satisfy = await createTestApp({}, { stores: memoryStores(), background: false });
    server = await listen(satisfy.app, satisfy.attach);
  });

  afterAll(async () => {
    await server.close();
    await satisfy.close();
  });

  it('answers / with a page linking the customer chat and the staff pages, with no script allowed', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('content-security-policy')).not.toContain('script-src');
    const html = await res.text();
    for (const href of ['/chat', '/staff/console', '/staff/surveys', '/docs']) expect(html).toContain(`href="${href}"`);
    expect(html).not.toContain('<script');
  });

  it.each([
    ['gzip', gunzipSync],
    ['br', brotliDecompressSync],
  ] as const)('sends the widget %s-compressed when asked, the same script once decoded', async (encoding, decode) => {
    const plain = await raw(`${server.url}/widget.js`, 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    const packed = await raw(`${server.url}/widget.js`, encoding);
    expect(packed.status).toBe(200);
    expect(packed.headers['content-encoding']).toBe(encoding);
    expect(packed.headers.vary).toMatch(/accept-encoding/i);
    expect(packed.body.length).toBeLessThan(plain.body.length / 2);
    expect(decode(packed.body).equals(plain.body)).toBe(true);
  });

  it('compresses the Direct Line catch-up (the other chat answers are tiny)', async () => {
    const session = await fetch(`${server.url}/webchat/session`, { method: 'POST', headers: { 'content-type': 'application/json', 'accept-encoding': 'gzip' }, body: '{}' });
    expect(session.status).toBe(200);
    const { conversationId, token } = (await session.json()) as { conversationId: string; token: string };
    const activities = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      get(`${server.url}/v3/directline/conversations/${conversationId}/activities`, { headers: { 'accept-encoding': 'gzip', authorization: `Bearer ${token}` } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
      }).on('error', reject);
    });
    expect(activities.encoding).toBe('gzip');
    expect((JSON.parse(gunzipSync(activities.body).toString()) as { activities: unknown[] }).activities.length).toBeGreaterThan(0);
  });

  it('serves content-hashed bundles cached for a year, compressed, and their licences', async () => {
    const manifest = JSON.parse(await readFile(join(loadConfig({}).webBuildDir, 'manifest.json'), 'utf8')) as { assets: Record<string, string> };
    const names = Object.values(manifest.assets);
    expect(names.length).toBeGreaterThan(0);
    for (const url of names) {
      expect(url).toMatch(/^\/assets\/[\w-]+-[A-Z0-9]{8}\.(js|css)$/);
      const res = await raw(`${server.url}${url}`, 'br');
      expect(res.status, url).toBe(200);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      if (res.body.length > 1024) expect(res.headers['content-encoding']).toBe('br');
    }
    const missing = await fetch(`${server.url}/assets/widget-NOTTHERE.js`);
    expect(missing.status).toBe(404);
    const licences = await fetch(`${server.url}/third-party-licenses.txt`);
    expect(licences.status).toBe(200);
    expect(await licences.text()).toContain('@codemirror/view');
  });
});

describe('a server without a built front end', () => {
  it('refuses to start, saying to run npm run build', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'satisfy-noweb-'));
    const config = { ...loadConfig({ DIALOGS_DIR, LOCALES_DIR, ADMIN_TOKEN, LOG_LEVEL: 'silent' }), adminToken: ADMIN_TOKEN, tokenSigningKey: TOKEN_SIGNING_KEY, webBuildDir: empty };
    await expect(createApp({ config, log: pino({ level: 'silent' }), stores: memoryStores(), background: false })).rejects.toThrow(/npm run build/);
  });
});
