import { Router, type Response } from 'express';
import type { WebBuild } from './webBuild.js';

/** The staff app's pages (web/staff/router.ts has the same list): /staff alone opens the cases. */
export const STAFF_PAGES = ['console', 'surveys', 'results', 'distribution', 'accounts', 'replies'] as const;

/**
 * No inline script; 'unsafe-inline' for styles only, because CodeMirror (the surveys page's
 * editor) adds its own style elements. connect-src 'self' covers the live socket (/console/ws)
 * on the page's own host and the results exports, which are fetched with the session's token
 * and saved from a blob: URL (a download, which no fetch directive governs).
 */
export const STAFF_CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const HEADERS = {
  'Content-Security-Policy': STAFF_CSP,
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
};

/**
 * The staff app (web/staff, built to dist/web): one page for /staff and each of its page paths,
 * the app reading which page from the path. The old addresses lead there: /console to the
 * cases, /admin to the surveys (a #case= or #survey= fragment stays with the browser). The APIs
 * stay where they are (/console/api, /console/ws, /admin/api).
 */
export function staffRoutes(web: WebBuild): Router {
  const page = web.page('staff.html');
  const router = Router();
  const send = (res: Response) => void res.type('html').set(HEADERS).send(page);
  router.get('/staff', (_req, res) => send(res));
  router.get(STAFF_PAGES.map((p) => `/staff/${p}`), (_req, res) => send(res));
  // A link someone wrote by hand (or an old bookmark) to one survey or case opens it: the app
  // keeps which one in the fragment, which the server never sees, so point there.
  router.get('/staff/surveys/:id', (req, res) => res.redirect(302, `/staff/surveys#survey=${encodeURIComponent(req.params.id)}`));
  router.get('/staff/console/:id', (req, res) => res.redirect(302, `/staff/console#case=${encodeURIComponent(req.params.id)}`));
  router.get('/console', (_req, res) => res.redirect(302, '/staff/console'));
  router.get('/admin', (_req, res) => res.redirect(302, '/staff/surveys'));
  return router;
}
