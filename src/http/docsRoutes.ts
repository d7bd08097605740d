import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import express, { Router } from 'express';

/** Our own text, no script: only its inline styles and its images. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

async function htmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? htmlFiles(join(dir, e.name)) : Promise.resolve(e.name.endsWith('.html') ? [join(dir, e.name)] : []))));
  return nested.flat();
}

/**
 * /docs: the documentation of the version this server runs, rendered at build time
 * (scripts/buildDocs.ts). Only pages found at start are routes, so no request names a file.
 */
export async function docsRoutes(webBuildDir: string): Promise<Router> {
  const dir = join(webBuildDir, 'docs');
  const pages = new Map<string, string>();
  for (const file of await htmlFiles(dir)) {
    const route = relative(dir, file).split('\\').join('/').slice(0, -'.html'.length);
    pages.set(route === 'index' ? '/docs' : `/docs/${route}`, file);
  }
  const headers = { 'Content-Security-Policy': CSP, 'Cache-Control': 'public, max-age=300', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' };
  const router = Router();
  router.use('/docs/images', express.static(join(dir, 'images'), { index: false, redirect: false, maxAge: '1h', dotfiles: 'ignore' }));
  router.get(['/docs', '/docs/*path'], (req, res, next) => {
    const file = pages.get(req.path.replace(/\/+$/, '') || '/docs');
    if (!file) return next();
    res.type('html').set(headers).sendFile(file);
  });
  return router;
}
