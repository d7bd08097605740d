import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { ADMIN_TOKEN, createTestApp } from '../support/app.js';
import { listen, type Listening } from '../support/http.js';
import { FakeClock } from '../support/scripts.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtpServer.js';
import { startWebhookReceiver } from '../support/webhookReceiver.js';
import { verifyWebhookSignature } from '../../src/webhooks/signature.js';

const DAY = 86_400_000;

/** From the shop's call to the customer's mailbox and back: the invitation email is sent by the
 * scheduler through a real SMTP server, its unsubscribe link stops every later invitation, on
 * every channel, and a reminder is never sent to someone who unsubscribed. */
describe('email invitations through the invitations API', () => {
  let satisfy: SatisfyApp;
  let server: Listening;
  let smtp: TestSmtpServer;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let secret: string;
  const clock = new FakeClock(Date.UTC(2026, 11, 1, 10, 0));
  const call = (path: string, body?: unknown) =>
    fetch(`${server.url}${path}`, { method: body === undefined ? 'GET' : 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

  beforeAll(async () => {
    smtp = await startSmtpServer();
    satisfy = await createTestApp({ SMTP_URL: smtp.url, EMAIL_FROM: 'Acme <surveys@acme.example>', PUBLIC_URL: 'https://survey.example.com' }, { stores: memoryStores(clock), clock, background: false });
    server = await listen(satisfy.app, satisfy.attach);
    receiver = await startWebhookReceiver();
    const endpoint = await call('/api/webhooks', { url: receiver.url, events: ['customer.opted_out'] });
    expect(endpoint.status).toBe(201);
    secret = ((await endpoint.json()) as { endpoint: { secret: string } }).endpoint.secret;
  });

  afterAll(async () => {
    await server.close();
    await satisfy.close();
    await smtp.close();
    await receiver.close();
  });

  it('sends the email once, with one-click answers; unsubscribing stops reminders and every later invitation', async () => {
    const body = { surveyId: 'post-purchase', channel: 'email', customer: { id: 'ana', name: 'Ana', email: 'ana@example.com', locale: 'es', timezone: 'Europe/Madrid' }, order: { id: 'A-1' } };
    const res = await fetch(`${server.url}/api/invitations`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', 'idempotency-key': 'A-1' }, body: JSON.stringify(body) });
    expect(res.status).toBe(201);
    const made = (await res.json()) as { id: string };
    // The retried webhook of the same order: the same invitation, no second email.
    expect((await fetch(`${server.url}/api/invitations`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', 'idempotency-key': 'A-1' }, body: JSON.stringify(body) })).status).toBe(200);
    await satisfy.jobs.runDue();
    await satisfy.jobs.runDue();
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.to).toEqual(['ana@example.com']);
    const html = String(mail.parsed.html);
    expect(html).toContain('Ana');
    const links = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
    expect(links.filter((l) => /\/s\/[^?]+\?answer=\d$/.test(l))).toHaveLength(5);
    const unsubscribe = links.find((l) => l.includes('/u/'))!;
    expect(mail.raw).toMatch(/List-Unsubscribe-Post: List-Unsubscribe=One-Click/);

    // The mail client's one-click unsubscribe (RFC 8058), posted to our server.
    const path = new URL(unsubscribe).pathname;
    const posted = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(posted.status).toBe(200);
    expect((await satisfy.stores.invitations.contact('ana')).optedOut?.via).toBe('email');
    // The shop's systems hear of it, signed.
    await satisfy.jobs.runDue();
    const hook = receiver.received.find((r) => r.headers['satisfy-event'] === 'customer.opted_out')!;
    expect(JSON.parse(hook.body)).toMatchObject({ type: 'customer.opted_out', data: { customerId: 'ana', via: 'email' } });
    expect(verifyWebhookSignature(secret, String(hook.headers['satisfy-signature']), hook.body, 300, clock.now())).toMatchObject({ ok: true });

    // No reminder a day later, and no invitation on any channel until the shop re-consents.
    clock.advance(DAY + 60_000);
    await satisfy.jobs.runDue();
    expect(smtp.mails).toHaveLength(1);
    for (const channel of ['email', 'link']) {
      const refused = await call('/api/invitations', { ...body, surveyId: 'feature-check', channel });
      expect(refused.status).toBe(409);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('OPTED_OUT');
    }
    const history = (await (await call('/api/customers/ana/history')).json()) as { optedOut: { via: string }; invitations: { id: string; status: string }[] };
    expect(history.optedOut.via).toBe('email');
    expect(history.invitations.map((i) => [i.id, i.status])).toEqual([[made.id, 'sent']]);
  });
});
