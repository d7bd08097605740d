import { Router } from 'express';
import type { WebBuild } from './webBuild.js';

/** No scripts at all; only its own inline styles. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** GET / : a small page that says what this server is and links the customer chat, the staff
 * app and the docs, instead of a JSON 404 for a newcomer who opens the bare address. */
export function landingPage(web: WebBuild): Router {
  const html = web.page('index.html');
  const router = Router();
  router.get('/', (_req, res) => {
    res.type('html').set({ 'Content-Security-Policy': CSP, 'Cache-Control': 'public, max-age=300', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' }).send(html);
  });
  return router;
}
