import express, { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { negotiateLocale } from '../core/locale.js';
import type { Catalog } from '../core/script/compiled.js';
import { escapeHtml as esc } from './escapeHtml.js';
import type { UnsubscribeTokens } from './UnsubscribeTokens.js';

/** How the opt-out came: the mail client's own button (RFC 8058 one-click POST), or our page. */
export type OptOutVia = 'email' | 'link';

export interface UnsubscribeDeps {
  tokens: UnsubscribeTokens;
  /** Records that this customer gets no more invitations (the contact store). Idempotent. */
  optOut: (customerId: string, via: OptOutVia) => Promise<void>;
  /** The bot strings (locales/), for the page's `email.unsubscribe.*` texts. */
  catalog: Catalog;
  defaultLocale: string;
  log: Logger;
}

/** The page has no script at all; its one form posts back to itself. */
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/**
 * GET /u/:token shows a page that asks, with one button; POST /u/:token (that button, or a mail
 * client's one-click POST with the body `List-Unsubscribe=One-Click`) records the opt-out. A GET
 * never opts out: mail scanners and link previews fetch every link in an email.
 */
export function unsubscribeRoutes(deps: UnsubscribeDeps): Router {
  const router = Router();
  const locales = Object.keys(deps.catalog);

  const localeFor = (req: Request, fromToken?: string): string => {
    const accepted = req.acceptsLanguages(locales);
    return negotiateLocale([fromToken, typeof accepted === 'string' ? accepted : undefined], locales, deps.defaultLocale);
  };

  const send = (res: Response, status: number, locale: string, body: 'ask' | 'done' | 'invalid' | 'unavailable') => {
    const s = (key: string) => deps.catalog[locale]?.[key] ?? deps.catalog[deps.defaultLocale]?.[key] ?? key;
    const content =
      body === 'ask'
        ? `<p>${esc(s('email.unsubscribe.question'))}</p><form method="post"><button type="submit" name="confirm" value="yes">${esc(s('email.unsubscribe.button'))}</button></form>`
        : `<p role="status">${esc(s(`email.unsubscribe.${body}`))}</p>`;
    if (status === 503) res.set('Retry-After', '30');
    res
      .status(status)
      .type('html')
      .set({ 'Content-Security-Policy': PAGE_CSP, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', 'X-Content-Type-Options': 'nosniff', 'X-Frame-Options': 'DENY' })
      .send(page(locale, s('email.unsubscribe.title'), content));
  };

  router.get('/u/:token', async (req, res) => {
    const check = await deps.tokens.verify(String(req.params.token));
    if (!check.ok) return send(res, 400, localeFor(req), 'invalid');
    send(res, 200, localeFor(req, check.unsubscriber.locale), 'ask');
  });

  // Any body type: mail clients post form-urlencoded or multipart; the token alone authorizes.
  router.post('/u/:token', express.raw({ type: () => true, limit: '8kb' }), async (req, res) => {
    const check = await deps.tokens.verify(String(req.params.token));
    if (!check.ok) return send(res, 400, localeFor(req), 'invalid');
    const { customerId, locale } = check.unsubscriber;
    const via: OptOutVia = isOneClick(req) ? 'email' : 'link';
    try {
      await deps.optOut(customerId, via);
    } catch (err) {
      deps.log.warn({ err: (err as Error)?.message, via }, 'unsubscribe not recorded');
      return send(res, 503, localeFor(req, locale), 'unavailable');
    }
    deps.log.info({ via }, 'customer unsubscribed');
    send(res, 200, localeFor(req, locale), 'done');
  });

  return router;
}

/** RFC 8058: the POST's body is `List-Unsubscribe=One-Click`, form-urlencoded or multipart. */
function isOneClick(req: Request): boolean {
  const body = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
  if (req.is('multipart/form-data')) return /name="?List-Unsubscribe"?\r?\n(?:[^\r\n]+\r?\n)*\r?\n\s*One-Click\b/i.test(body);
  return new URLSearchParams(body.trim()).get('List-Unsubscribe') === 'One-Click';
}

function page(locale: string, title: string, content: string): string {
  return `<!doctype html>
<html lang="${esc(locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${esc(title)}</title>
<link rel="icon" href="data:,">
<style>
  body { margin: 0; padding: 0 16px; background: #eef0f4; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1c2230; }
  main { max-width: 480px; margin: 10vh auto; padding: 28px; background: #fff; border-radius: 12px; }
  h1 { margin: 0 0 12px; font-size: 22px; }
  button { font: inherit; font-weight: 600; padding: 10px 22px; border: 0; border-radius: 8px; background: #3047c9; color: #fff; cursor: pointer; }
  button:focus-visible { outline: 3px solid #9aa8ef; outline-offset: 2px; }
</style>
</head>
<body>
<main>
<h1>${esc(title)}</h1>
${content}
</main>
</body>
</html>
`;
}
