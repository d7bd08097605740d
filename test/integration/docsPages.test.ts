import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { createTestApp } from '../support/app.js';
import { listen, type Listening } from '../support/http.js';

/** Every /docs page, reached by following links from /docs, with its HTML. */
async function crawl(base: string): Promise<Map<string, string>> {
  const seen = new Map<string, string>();
  const queue = ['/docs'];
  while (queue.length) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    const res = await fetch(`${base}${path}`);
    expect(res.status, `${path} (linked from the docs)`).toBe(200);
    const html = await res.text();
    seen.set(path, html);
    for (const [, href] of html.matchAll(/href="(\/docs[^"#]*)/g)) if (!seen.has(href!) && !href!.startsWith('/docs/images/')) queue.push(href!);
  }
  return seen;
}

describe('the documentation served at /docs', () => {
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

  it('serves the README at /docs as a page with no script, quick start first', async () => {
    const res = await fetch(`${server.url}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    const html = await res.text();
    expect(html).not.toContain('<script');
    expect(html.indexOf('npm ci &amp;&amp; npm start')).toBeGreaterThan(0);
    expect(html.indexOf('npm ci &amp;&amp; npm start')).toBeLessThan(html.indexOf('npm ci &amp;&amp; npm test'));
  });

  it('links every page to pages that exist, and every #anchor to a heading on its page', async () => {
    const pages = await crawl(server.url);
    expect(pages.size).toBeGreaterThan(0);
    const broken: string[] = [];
    for (const [path, html] of pages) {
      for (const [, target, anchor] of html.matchAll(/href="(\/docs[^"#]*)?#([^"]+)"/g)) {
        const page = pages.get(target ?? path);
        if (!page?.includes(`id="${anchor}"`)) broken.push(`${path} → ${target ?? ''}#${anchor}`);
      }
      for (const [, src] of html.matchAll(/src="(\/docs\/images\/[^"]+)"/g)) {
        if ((await fetch(`${server.url}${src}`)).status !== 200) broken.push(`${path} → ${src}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('answers 404 for a page that is not there, and never reaches outside the docs', async () => {
    for (const path of ['/docs/nope', '/docs/../package.json', '/docs/%2e%2e/package.json', '/docs/images/../../manifest.json']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(404);
    }
  });
});
