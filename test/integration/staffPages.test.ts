import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { createTestApp } from '../support/app.js';
import { listen, type Listening } from '../support/http.js';

const directives = (csp: string | null) => new Map((csp ?? '').split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));

/** The staff app's pages: served from the build, under a strict policy; the old addresses lead there. */
describe('the staff pages', () => {
  let satisfy: SatisfyApp;
  let server: Listening;
  const buildDir = loadConfig({}).webBuildDir;
  let manifest: Record<string, string>;

  beforeAll(async () => {
    satisfy = await createTestApp({}, { stores: memoryStores(), background: false });
    server = await listen(satisfy.app, satisfy.attach);
    manifest = (JSON.parse(await readFile(join(buildDir, 'manifest.json'), 'utf8')) as { assets: Record<string, string> }).assets;
  });

  afterAll(async () => {
    await server.close();
    await satisfy.close();
  });

  it.each(['/staff', '/staff/', '/staff/console', '/staff/surveys', '/staff/results', '/staff/distribution'])('serves %s: the built page, no-store, under a strict policy', async (path) => {
    const res = await fetch(`${server.url}${path}`, { redirect: 'manual' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = directives(res.headers.get('content-security-policy'));
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    // CodeMirror adds its own <style> elements: inline styles, never inline scripts.
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);

    const html = await res.text();
    expect(html).toBe(await readFile(join(buildDir, 'pages/staff.html'), 'utf8'));
    expect(html).toContain(`<script type="module" src="${manifest['staff.js']}"></script>`);
    expect(html).toContain(`<link rel="stylesheet" href="${manifest['staff.css']}">`);
    expect(html).not.toMatch(/\{\{asset:/);
    // Every script has a source: nothing inline for the policy to refuse.
    expect([...html.matchAll(/<script\b[^>]*>/g)].every((m) => /\ssrc="\/assets\//.test(m[0]))).toBe(true);
  });

  it.each([
    ['/console', '/staff/console'],
    ['/console/', '/staff/console'],
    ['/admin', '/staff/surveys'],
    // A hand-written link to one survey or case opens it.
    ['/staff/surveys/post-purchase', '/staff/surveys#survey=post-purchase'],
    ['/staff/console/c%201', '/staff/console#case=c%201'],
  ])('sends %s on to %s', async (from, to) => {
    const res = await fetch(`${server.url}${from}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(to);
  });

  it('keeps the APIs where they were, and serves none of the old page files', async () => {
    expect((await fetch(`${server.url}/console/api/me`)).status).toBe(401);
    expect((await fetch(`${server.url}/admin/api/surveys`)).status).toBe(401);
    for (const gone of ['/console/console.js', '/console/console.css', '/admin/admin.js', '/admin/admin.css', '/admin/editor.js', '/staff/nothing', '/staff/console/a/b', '/staff/results/extra']) {
      expect((await fetch(`${server.url}${gone}`, { redirect: 'manual' })).status, gone).toBe(404);
    }
  });

  it('loads the CodeMirror editor as a chunk of its own, only when asked for', async () => {
    const staff = await (await fetch(`${server.url}${manifest['staff.js']}`)).text();
    const chunks = [...staff.matchAll(/import\("\.\/(chunk-[A-Z0-9]+\.js)"\)/g)].map((m) => m[1]!);
    expect(chunks.length).toBeGreaterThan(0);
    expect(staff).not.toContain('cm-lintRange');
    const bodies = await Promise.all(chunks.map(async (c) => {
      const res = await fetch(`${server.url}/assets/${c}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      return res.text();
    }));
    expect(bodies.some((b) => b.includes('cm-lintRange'))).toBe(true);
    const css = await fetch(`${server.url}${manifest['staff.css']}`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
  });
});
