import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import type { WebchatSession } from '../../src/core/api/webchat.js';
import { Invitations } from '../../src/invitations/Invitations.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { ADMIN_TOKEN, createTestApp } from '../support/app.js';
import { DirectLineClient, type DlActivity } from '../support/directLine.js';
import { listen, type Listening } from '../support/http.js';
import { FakeClock } from '../support/scripts.js';

/** What POST /webchat/session answers: the widget's own type for it. */
type Session = WebchatSession;

describe('web chat sessions, invitations and pages', () => {
  let satisfy: SatisfyApp;
  let server: Listening;
  const clock = new FakeClock();

  beforeAll(async () => {
    satisfy = await createTestApp({}, { clock, stores: memoryStores(clock) });
    server = await listen(satisfy.app, satisfy.attach);
  });

  afterAll(async () => {
    await server.close();
    await satisfy.close();
  });

  async function session(body: Record<string, unknown>): Promise<Response> {
    return fetch(`${server.url}/webchat/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }

  async function opened(body: Record<string, unknown>): Promise<{ s: Session; activities: DlActivity[] }> {
    const res = await session(body);
    expect(res.status).toBe(200);
    const s = (await res.json()) as Session;
    const client = new DirectLineClient(server.url, s.token);
    return { s, activities: (await client.activities(s.conversationId)).activities };
  }

  it('starts the default survey at once, in the requested locale', async () => {
    const { s, activities } = await opened({ locale: 'zh-CN' });
    expect(s).toMatchObject({ locale: 'zh-CN', domain: `${server.url}/v3/directline`, expiresIn: 1800 });
    expect(s.streamUrl.startsWith(`ws://127.0.0.1:`)).toBe(true);
    expect(activities.map((a) => a.from.role)).toEqual(['bot', 'bot']);
    expect(activities[0]?.text).toContain('感谢您的购买');
    expect(activities[1]?.channelData?.satisfy).toMatchObject({ type: 'question', questionId: 'csat' });
  });

  it('stores no response for a chat opened and left: the responses API counts answered surveys only', async () => {
    const listed = async () => {
      const res = await fetch(`${server.url}/api/responses`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(res.status).toBe(200);
      return ((await res.json()) as { responses: { id: string; status: string }[] }).responses;
    };
    const before = (await listed()).length;
    const chats = [];
    for (let i = 0; i < 3; i++) chats.push((await opened({ locale: 'en' })).s);
    expect(await listed()).toHaveLength(before);
    expect(await satisfy.stores.responses.list({})).toHaveLength(before);
    // The first answer makes it a response, in progress.
    await new DirectLineClient(server.url, chats[0]!.token).say(chats[0]!.conversationId, '4');
    const after = await listed();
    expect(after).toHaveLength(before + 1);
    expect(after.filter((r) => r.status === 'in_progress')).toHaveLength(1);
  });

  it('does not start an invitation again when its link is reopened after a long chat', async () => {
    const invite = await satisfy.invitations.create({ surveyId: 'post-purchase', locale: 'en', customer: { id: 'long-1' }, order: { id: 'L-1' } }, 86_400_000);
    const first = await opened({ invite });
    const client = new DirectLineClient(server.url, first.s.token);
    // The whole survey, then more than the 20 recent ids the bot remembers.
    for (const text of ['5', '5', '5', '5', '10', 'All good', ...Array.from({ length: 22 }, (_, i) => `thanks ${i}`)]) await client.say(first.s.conversationId, text);
    const again = await opened({ invite });
    expect(again.s.conversationId).toBe(first.s.conversationId);
    await new DirectLineClient(server.url, again.s.token).say(again.s.conversationId, 'hello?');
    const after = (await new DirectLineClient(server.url, again.s.token).activities(first.s.conversationId)).activities;
    expect(after.at(-1)?.text).toContain("You've already completed this survey");
    const mine = (await satisfy.stores.responses.list({})).filter((r) => r.customerId === 'long-1');
    expect(mine.map((r) => r.status)).toEqual(['completed']);
  });

  it('starts the invited survey with its customer, order and locale, once per invitation', async () => {
    const invite = await satisfy.invitations.create(
      { surveyId: 'post-purchase', locale: 'es', customer: { id: '42', name: 'Lucía' }, order: { id: 'A-1001', items: [{ name: 'Tetera' }] } },
      86_400_000,
    );
    const first = await opened({ invite, locale: 'en' });
    expect(first.s.locale).toBe('es');
    expect(first.activities[0]?.text).toContain('¡Hola, Lucía!');
    const again = await opened({ invite });
    expect(again.s.conversationId).toBe(first.s.conversationId);
    expect(again.activities).toHaveLength(2);
    // Opened twice, answered nothing: no response yet. The first answer makes one.
    expect((await satisfy.stores.responses.list({})).filter((r) => r.orderId === 'A-1001')).toEqual([]);
    await new DirectLineClient(server.url, again.s.token).say(again.s.conversationId, '5');
    const responses = (await satisfy.stores.responses.list({})).filter((r) => r.orderId === 'A-1001');
    expect(responses).toEqual([expect.objectContaining({ customerId: '42', channel: 'directline', locale: 'es', status: 'in_progress' })]);
  });

  it("chooses the locale: the invitation's, then an explicit one, then the browser's languages in order, then the default", async () => {
    const cases: Array<[body: Record<string, unknown>, locale: string]> = [
      [{ languages: ['es-MX', 'es', 'en'] }, 'es'],
      [{ languages: ['zh-Hans-CN', 'zh'] }, 'zh-CN'],
      [{ languages: ['zh-TW', 'fr', 'es-419'] }, 'es'],
      [{ languages: ['zh-Hant'] }, 'en'],
      [{ locale: 'zh-CN', languages: ['es-MX'] }, 'zh-CN'],
      [{ locale: 'fr', languages: ['es-MX'] }, 'es'],
      [{}, 'en'],
    ];
    const greeting: Record<string, string> = { en: 'Thanks for shopping with us', es: 'Gracias por tu compra', 'zh-CN': '感谢您的购买' };
    for (const [body, locale] of cases) {
      const { s, activities } = await opened(body);
      expect(s.locale, JSON.stringify(body)).toBe(locale);
      expect(activities[0]?.text, JSON.stringify(body)).toContain(greeting[locale]);
    }
    const invite = await satisfy.invitations.create({ surveyId: 'post-purchase', locale: 'zh-CN', order: { id: 'L-1' } }, 86_400_000);
    expect((await opened({ invite, locale: 'es', languages: ['es-MX'] })).s.locale).toBe('zh-CN');
  });

  it('refuses languages that are not a short list of short tags (400, our error shape)', async () => {
    for (const languages of [Array.from({ length: 11 }, () => 'en'), ['x'.repeat(36)], 'es', [1], [null]]) {
      const res = await session({ languages });
      expect(res.status, JSON.stringify(languages)).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('BAD_REQUEST');
    }
    expect((await session({ languages: Array.from({ length: 10 }, () => 'es') })).status).toBe(200);
  });

  it('refuses a tampered invitation (400) and an expired one (410)', async () => {
    const invite = await satisfy.invitations.create({ surveyId: 'post-purchase', order: { id: 'B-1' } }, 60_000);
    const [h, p, sig] = invite.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString()) as { inv: { order: { id: string } } };
    payload.inv.order.id = 'B-2';
    const tampered = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${sig}`;
    const bad = await session({ invite: tampered });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('INVITE_INVALID');
    expect((await session({ invite: 'not-a-token' })).status).toBe(400);
    const otherKey = await new Invitations('another-signing-key-0123456789-0123', () => clock.now()).create({ surveyId: 'post-purchase' }, 60_000);
    expect((await session({ invite: otherKey })).status).toBe(400);
    clock.advance(61_000);
    const expired = await session({ invite });
    expect(expired.status).toBe(410);
    expect(((await expired.json()) as { error: { code: string } }).error.code).toBe('INVITE_EXPIRED');
  });

  it('resumes a conversation with its token, and refuses another one', async () => {
    const a = await opened({});
    const b = await opened({});
    const resumed = await session({ resume: { conversationId: a.s.conversationId, token: a.s.token } });
    expect(resumed.status).toBe(200);
    expect(((await resumed.json()) as Session).conversationId).toBe(a.s.conversationId);
    const stolen = await session({ resume: { conversationId: a.s.conversationId, token: b.s.token } });
    expect(stolen.status).toBe(401);
    expect((await session({ unknown: 1 })).status).toBe(400);
  });

  it('serves /s/:invite with the invitation and its locale, safely escaped, under a strict CSP', async () => {
    const invite = await satisfy.invitations.create({ surveyId: 'post-purchase', locale: 'zh-CN' }, 86_400_000);
    const res = await fetch(`${server.url}/s/${invite}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toContain(`data-invite="${invite}"`);
    expect(html).toContain('lang="zh-CN"');
    const hostile = await (await fetch(`${server.url}/s/${encodeURIComponent('"><script>alert(1)</script>')}`)).text();
    expect(hostile).not.toContain('<script>alert');
    expect(hostile).toContain('data-invite="invalid"');
  });

  it('serves /chat in the asked locale and /widget.js', async () => {
    const html = await (await fetch(`${server.url}/chat?locale=es-MX`)).text();
    expect(html).toContain('lang="es"');
    expect(html).toContain('data-locale="es"');
    // A locale we cannot serve is no request: the page leaves the choice to the browser's languages.
    const unknown = await (await fetch(`${server.url}/chat?locale=fr`)).text();
    expect(unknown).toContain('data-locale=""');
    expect(unknown).toContain('data-page-lang="ignore"');
    const widget = await fetch(`${server.url}/widget.js`);
    expect(widget.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await widget.text()).length).toBeGreaterThan(0);
  });

  it('serves /widget.js as the built bundle with a short cache, and /chat with the bundle’s hashed URL under a strict CSP', async () => {
    const page = await fetch(`${server.url}/chat`);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).not.toMatch(/script-src[^;]*unsafe-inline/);
    const html = await page.text();
    const hashed = /<script src="(\/assets\/widget-[A-Z0-9]{8}\.js)"/.exec(html)?.[1];
    expect(hashed, html).toBeDefined();
    expect(html).not.toContain('{{asset:');
    const stable = await fetch(`${server.url}/widget.js`);
    expect(stable.headers.get('cache-control')).toBe('public, max-age=300');
    const bundle = await fetch(`${server.url}${hashed}`);
    expect(bundle.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const bytes = Buffer.from(await stable.arrayBuffer());
    expect(bytes.equals(Buffer.from(await bundle.arrayBuffer()))).toBe(true);
    // The widget's budget on a shop's page: 25 KB gzipped (about 15 KB today).
    expect(gzipSync(bytes).length).toBeLessThan(25_000);
    // Its source map, named relative to the bundle, is found from the stable URL too.
    const map = /sourceMappingURL=(\S+)/.exec(bytes.toString('utf8'))?.[1];
    const mapRes = await fetch(new URL(map!, `${server.url}/widget.js`));
    expect(mapRes.status).toBe(200);
    expect(mapRes.url).toBe(`${server.url}${hashed}.map`);
  });
});
