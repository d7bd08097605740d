import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import express, { Router } from 'express';

/** What `npm run build:web` leaves in dist/web (scripts/buildWeb.ts), read once at start. */
export interface WebBuild {
  dir: string;
  /** The URL of a bundle by its logical name, e.g. "widget.js" → "/assets/widget-XXXX.js". */
  asset(name: string): string;
  /** The bytes of a bundle by its logical name (the widget is also served at a stable URL). */
  assetFile(name: string): Promise<Buffer>;
  /** A built page (dist/web/pages/<name>), with its bundle URLs filled in. */
  page(name: string): string;
}

const NOT_BUILT = 'The web front end is not built (dist/web is missing or incomplete): run `npm run build`.';

/** Loads the manifest and the pages; a missing build fails the start with what to do about it. */
export async function loadWebBuild(dir: string, pages: string[]): Promise<WebBuild> {
  let assets: Record<string, string>;
  try {
    assets = (JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as { assets: Record<string, string> }).assets;
  } catch {
    throw new Error(NOT_BUILT);
  }
  const html = new Map<string, string>();
  await Promise.all(
    pages.map(async (p) => {
      html.set(p, await readFile(join(dir, 'pages', p), 'utf8').catch(() => Promise.reject(new Error(`${NOT_BUILT} (no pages/${p})`))));
    }),
  );
  const asset = (name: string): string => {
    const url = assets[name];
    if (!url) throw new Error(`${NOT_BUILT} (no bundle ${name})`);
    return url;
  };
  return {
    dir,
    asset,
    assetFile: (name) => readFile(join(dir, asset(name))),
    page(name) {
      const page = html.get(name);
      if (page === undefined) throw new Error(`pages/${name} was not loaded at start`);
      return page;
    },
  };
}

/**
 * /assets/*: content-hashed bundles, cached for a year (a new build has new names), and the
 * bundled packages' licences. Compression is the app's (compression middleware, before this).
 */
export function webAssetRoutes(build: WebBuild): Router {
  const router = Router();
  router.use(
    '/assets',
    express.static(join(build.dir, 'assets'), {
      immutable: true,
      maxAge: '365d',
      index: false,
      redirect: false,
      dotfiles: 'ignore',
      setHeaders: (res) => res.setHeader('X-Content-Type-Options', 'nosniff'),
    }),
  );
  router.get('/third-party-licenses.txt', (_req, res) => {
    res.type('text/plain; charset=utf-8').set('Cache-Control', 'public, max-age=3600').sendFile(join(build.dir, 'THIRD-PARTY-LICENSES.txt'));
  });
  return router;
}
