import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import type { OptOutVia } from '../../src/distribution/unsubscribeRoutes.js';
import { UnsubscribeTokens } from '../../src/distribution/UnsubscribeTokens.js';
import { Invitations } from '../../src/invitations/Invitations.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { createTestApp, TOKEN_SIGNING_KEY } from '../support/app.js';
import { listen, type Listening } from '../support/http.js';

const tokens = new UnsubscribeTokens(TOKEN_SIGNING_KEY);
const foreignToken = await new UnsubscribeTokens('another-signing-key-0123456789-abcdef').create({ customerId: 'c-x' });
const inviteToken = await new Invitations(TOKEN_SIGNING_KEY, () => Date.now()).create({ surveyId: 'post-purchase', customer: { id: 'c-x' } }, 86_400_000);

/** The page's text as a reader sees it (numeric character references undone). */
const decoded = (html: string) => html.replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)));

/**
 * The unsubscribe links of invitation emails, through the real app over HTTP: the page (GET),
 * its button (a form POST) and the mail client's one-click POST (RFC 8058) record one opt-out
 * each for the right customer; a GET never does; a bad token is a 400 page.
 */
describe('/u/:token: unsubscribing from invitation emails', () => {
  let satisfy: SatisfyApp;
  let api: Listening;
  const optOuts: { customerId: string; via: OptOutVia }[] = [];
  let failNext = false;

  beforeAll(async () => {
    satisfy = await createTestApp(
      { RATE_LIMIT_UNSUBSCRIBE: '30', RATE_LIMIT_PAGES: '1000' },
      {
        stores: memoryStores(),
        optOut: async (customerId, via) => {
          if (failNext) {
            failNext = false;
            throw new Error('store down');
          }
          optOuts.push({ customerId, via });
        },
      },
    );
    api = await listen(satisfy.app);
  });
  afterAll(async () => {
    await api?.close();
    await satisfy?.close();
  });
  beforeEach(() => {
    optOuts.length = 0;
  });

  it('GET shows a localized page with one button and records nothing', async () => {
    const token = await tokens.create({ customerId: 'c-page', locale: 'es' });
    const res = await fetch(`${api.url}/u/${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await res.text();
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('¿Quieres dejar de recibir invitaciones a encuestas?');
    expect(html).toMatch(/<form method="post"><button type="submit" name="confirm" value="yes">Darme de baja<\/button><\/form>/);
    expect(html).not.toMatch(/<script/i);
    expect(optOuts).toEqual([]);
  });

  it('follows the browser language when the token names none', async () => {
    const token = await tokens.create({ customerId: 'c-lang' });
    const html = await (await fetch(`${api.url}/u/${token}`, { headers: { 'Accept-Language': 'zh-CN,zh;q=0.9' } })).text();
    expect(html).toContain('您确定不再接收我们的问卷邀请吗？');
  });

  it('the page button (a form POST) opts the customer out, via the link', async () => {
    const token = await tokens.create({ customerId: 'c-form', locale: 'en' });
    const res = await fetch(`${api.url}/u/${token}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'confirm=yes' });
    expect(res.status).toBe(200);
    expect(decoded(await res.text())).toContain("You're unsubscribed. We won't send you any more survey invitations.");
    expect(optOuts).toEqual([{ customerId: 'c-form', via: 'link' }]);
  });

  it('a mail client one-click POST (form-urlencoded or multipart) opts out, via email, once per POST', async () => {
    const a = await tokens.create({ customerId: 'c-one-a', locale: 'en' });
    const b = await tokens.create({ customerId: 'c-one-b', locale: 'zh-CN' });
    const urlencoded = await fetch(`${api.url}/u/${a}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    const form = new FormData();
    form.set('List-Unsubscribe', 'One-Click');
    const multipart = await fetch(`${api.url}/u/${b}`, { method: 'POST', body: form });
    expect([urlencoded.status, multipart.status]).toEqual([200, 200]);
    expect(await multipart.text()).toContain('您已退订');
    expect(optOuts).toEqual([
      { customerId: 'c-one-a', via: 'email' },
      { customerId: 'c-one-b', via: 'email' },
    ]);
  });

  it.each([
    ['garbage', 'not-a-token'],
    ['a token signed with another key', foreignToken],
    ['an invitation token (another audience)', inviteToken],
  ])('refuses %s with a 400 page, GET and POST, and records nothing', async (_what, token) => {
    const get = await fetch(`${api.url}/u/${token}`);
    expect(get.status).toBe(400);
    expect(get.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await get.text()).toContain('This unsubscribe link is not valid.');
    const post = await fetch(`${api.url}/u/${token}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(post.status).toBe(400);
    expect(optOuts).toEqual([]);
  });

  it('asks to try again (503 page) when the opt-out cannot be saved, and records it on the retry', async () => {
    const token = await tokens.create({ customerId: 'c-retry', locale: 'en' });
    failNext = true;
    const first = await fetch(`${api.url}/u/${token}`, { method: 'POST', body: 'confirm=yes', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('30');
    expect(decoded(await first.text())).toContain("Sorry, we couldn't save that just now.");
    const again = await fetch(`${api.url}/u/${token}`, { method: 'POST', body: 'confirm=yes', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(again.status).toBe(200);
    expect(optOuts).toEqual([{ customerId: 'c-retry', via: 'link' }]);
  });

  it('refuses an oversized body with a 4xx', async () => {
    const token = await tokens.create({ customerId: 'c-big' });
    const res = await fetch(`${api.url}/u/${token}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'x'.repeat(20_000) });
    expect(res.status).toBe(413);
    expect(optOuts).toEqual([]);
  });

  it('is rate-limited per client (RATE_LIMIT_UNSUBSCRIBE)', async () => {
    const token = await tokens.create({ customerId: 'c-limit' });
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push((await fetch(`${api.url}/u/${token}`)).status);
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(30);
  });
});
