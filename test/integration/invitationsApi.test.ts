import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { ADMIN_TOKEN, createTestApp } from '../support/app.js';
import { FakeSlack, SIGNING_SECRET } from '../support/fakeSlack.js';
import { listen, type Listening } from '../support/http.js';
import { FakeClock } from '../support/scripts.js';

const DAY = 86_400_000;

/** The invitations API as a shop's backend calls it: keys, validation, idempotency, the
 * contact rules, batches, and Slack sends run by the scheduler on a fake clock. */
describe('invitations API', () => {
  let satisfy: SatisfyApp;
  let server: Listening;
  let slack: FakeSlack;
  // 2026-12-01 03:00 in Madrid: quiet hours there.
  const clock = new FakeClock(Date.UTC(2026, 11, 1, 2, 0));
  let key: string;

  const call = (path: string, init: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> } = {}) =>
    fetch(`${server.url}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...(init.token === '' ? {} : { authorization: `Bearer ${init.token ?? key}` }), ...init.headers },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  const invite = (customerId: string, over: Record<string, unknown> = {}) => ({ surveyId: 'post-purchase', customer: { id: customerId }, order: { id: `o-${customerId}` }, ...over });

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    slack.emails.set('kim@example.com', 'UKIM');
    satisfy = await createTestApp(
      { SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, PUBLIC_URL: 'https://survey.example.com' },
      { stores: memoryStores(clock), clock, background: false },
    );
    server = await listen(satisfy.app, satisfy.attach);
    const made = await call('/api/keys', { body: { name: 'shop backend' }, token: ADMIN_TOKEN });
    expect(made.status).toBe(201);
    key = ((await made.json()) as { key: string }).key;
    expect(key).toMatch(/^sat_/);
  });

  afterAll(async () => {
    await server.close();
    await satisfy.close();
    await slack.close();
  });

  it('refuses calls without a key, with an unknown or revoked key, and keys without the scope', async () => {
    expect((await call('/api/invitations', { body: invite('c0'), token: '' })).status).toBe(401);
    expect((await call('/api/invitations', { body: invite('c0'), token: 'sat_000000000000_' + 'x'.repeat(43) })).status).toBe(401);
    const reader = (await (await call('/api/keys', { body: { name: 'reports', scopes: ['read'] }, token: ADMIN_TOKEN })).json()) as { key: string; id: string };
    const forbidden = await call('/api/invitations', { body: invite('c0'), token: reader.key });
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as { error: { message: string } }).error.message).toContain('"invite" scope');
    expect((await call(`/api/keys/${reader.id}`, { method: 'DELETE', token: ADMIN_TOKEN })).status).toBe(204);
    const revoked = await call('/api/invitations/anything', { token: reader.key });
    expect(revoked.status).toBe(401);
    expect(((await revoked.json()) as { error: { message: string } }).error.message).toContain('revoked');
    // Keys are listed without their secrets; only admins manage them.
    const listed = (await (await call('/api/keys', { token: ADMIN_TOKEN })).json()) as { keys: Record<string, unknown>[] };
    expect(listed.keys.every((k) => !('digest' in k) && !('key' in k))).toBe(true);
    expect((await call('/api/keys', { token: key })).status).toBe(401);
  });

  it('says what is wrong with a bad request, and makes nothing', async () => {
    const cases: [unknown, string][] = [
      [{ surveyId: 'post-purchase', customer: {} }, 'customer.id'],
      [invite('c1', { channel: 'fax' }), 'channel'],
      [invite('c1', { customer: { id: 'c1', timezone: 'Mars/Base' } }), 'IANA time zone'],
      [invite('c1', { sendAt: 'tomorrow' }), 'ISO 8601'],
      [invite('c1', { channel: 'email', customer: { id: 'c1', email: 'c1@example.com' } }), 'not configured'],
      [invite('c1', { channel: 'slack' }), 'customer.slackUserId'],
      [invite('c1', { extra: true }), 'Unrecognized key'],
    ];
    for (const [body, says] of cases) {
      const res = await call('/api/invitations', { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(await res.json())).toContain(says);
    }
    expect((await call('/api/invitations', { body: invite('c1'), headers: { 'idempotency-key': 'x'.repeat(300) } })).status).toBe(400);
    expect((await call('/api/invitations', { body: invite('c1', { surveyId: 'no-such-survey' }) })).status).toBe(404);
    expect(await satisfy.stores.invitations.ofCustomer('c1', 10)).toEqual([]);
  });

  it('makes one invitation per Idempotency-Key, and answers a retry with it', async () => {
    const first = await call('/api/invitations', { body: invite('c2'), headers: { 'idempotency-key': 'order-c2' } });
    expect(first.status).toBe(201);
    const made = (await first.json()) as { id: string; url: string; status: string };
    expect(made).toMatchObject({ status: 'sent', url: expect.stringMatching(/^https:\/\/survey\.example\.com\/s\//) });
    const again = await call('/api/invitations', { body: invite('c2'), headers: { 'idempotency-key': 'order-c2' } });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { id: string }).id).toBe(made.id);
    expect(await satisfy.stores.invitations.ofCustomer('c2', 10)).toHaveLength(1);
    expect(((await (await call(`/api/invitations/${made.id}`)).json()) as { history: unknown[] }).history).toHaveLength(1);
    // The link carries the survey's context, not how to reach the customer.
    const withAddress = (await (await call('/api/invitations', { body: invite('c2b', { customer: { id: 'c2b', name: 'Bo', email: 'bo@example.com', timezone: 'Europe/Madrid', tier: 'gold' } }) })).json()) as { url: string };
    const payload = JSON.parse(Buffer.from(withAddress.url.split('/s/')[1]!.split('.')[1]!, 'base64url').toString()) as { inv: { customer: Record<string, unknown> } };
    expect(payload.inv.customer).toEqual({ id: 'c2b', name: 'Bo', tier: 'gold' });
  });

  it('refuses a duplicate, a customer in cooldown and one who opted out, saying why, and counts the refusals', async () => {
    expect((await call('/api/invitations', { body: invite('c3') })).status).toBe(201);
    const dup = await call('/api/invitations', { body: invite('c3') });
    expect(dup.status).toBe(409);
    expect(((await dup.json()) as { error: { code: string } }).error.code).toBe('DUPLICATE');
    // Another survey, within the cooldown of the first invitation.
    const cool = await call('/api/invitations', { body: invite('c3', { surveyId: 'feature-check' }) });
    expect(((await cool.json()) as { error: { code: string } }).error.code).toBe('COOLDOWN');
    expect((await call('/api/customers/c4/opt-out', { method: 'POST' })).status).toBe(200);
    const out = await call('/api/invitations', { body: invite('c4') });
    expect(out.status).toBe(409);
    expect(((await out.json()) as { error: { code: string } }).error.code).toBe('OPTED_OUT');
    // Re-consent through the API makes the customer reachable again.
    expect((await call('/api/customers/c4/consent', { method: 'POST' })).status).toBe(200);
    expect((await call('/api/invitations', { body: invite('c4') })).status).toBe(201);
    const listed = (await (await call('/api/invitations', { token: ADMIN_TOKEN })).json()) as { refusals: { reason: string; customerId: string }[] };
    expect(listed.refusals.map((r) => `${r.customerId}:${r.reason}`)).toEqual(expect.arrayContaining(['c3:DUPLICATE', 'c3:COOLDOWN', 'c4:OPTED_OUT']));
    const metrics = await (await call('/metrics', { token: ADMIN_TOKEN })).text();
    expect(metrics).toMatch(/satisfy_invitations_total\{channel="link",outcome="refused:DUPLICATE"\} 1/);
  });

  it('takes batches of up to 1,000, checked whole before any is made', async () => {
    const tooMany = await call('/api/invitations/batch', { body: { invitations: Array.from({ length: 1001 }, (_, i) => invite(`b${i}`)) } });
    expect(tooMany.status).toBe(400);
    const oneBad = await call('/api/invitations/batch', { body: { invitations: [invite('b1'), { surveyId: 'post-purchase' }] } });
    expect(oneBad.status).toBe(400);
    expect(JSON.stringify(await oneBad.json())).toContain('invitations[1].customer');
    expect(await satisfy.stores.invitations.ofCustomer('b1', 10)).toEqual([]);
    const res = await call('/api/invitations/batch', { body: { invitations: [invite('b1'), invite('b2', { idempotencyKey: 'k-b2' }), invite('b1'), invite('b2', { idempotencyKey: 'k-b2' })] } });
    expect(await res.json()).toMatchObject({ created: 2, existing: 1, refused: 1 });
  });

  it('sends by Slack after the quiet hours, reminds once a day later, and never after an opt-out', async () => {
    const res = await call('/api/invitations', { body: invite('kim', { channel: 'slack', customer: { id: 'kim', email: 'kim@example.com', timezone: 'Europe/Madrid', locale: 'es' } }) });
    expect(res.status).toBe(201);
    const made = (await res.json()) as { id: string; status: string; sendAt: string };
    // 03:00 in Madrid: it waits for 09:00 there (08:00 UTC).
    expect(made).toMatchObject({ status: 'scheduled', sendAt: '2026-12-01T08:00:00.000Z' });
    await satisfy.jobs.runDue();
    expect(slack.of('conversations.open')).toHaveLength(0);
    clock.advance(6 * 3600_000);
    await satisfy.jobs.runDue();
    await slack.waitFor('chat.postMessage', 1);
    expect(slack.of('users.lookupByEmail')[0]!.args.email).toBe('kim@example.com');
    expect((await satisfy.stores.invitations.get(made.id))!.status).toBe('sent');
    const posted = slack.of('chat.postMessage').length;
    clock.advance(DAY);
    await satisfy.jobs.runDue();
    await slack.waitFor('chat.postMessage', posted + 1);
    expect(String(slack.of('chat.postMessage').at(-1)!.args.text)).toMatch(/recordatorio/i);
    expect((await satisfy.stores.invitations.get(made.id))!.reminders.sent).toBe(1);
    // One reminder only (INVITE_REMINDERS=1): a day later nothing more.
    clock.advance(DAY);
    await satisfy.jobs.runDue();
    expect(slack.of('chat.postMessage')).toHaveLength(posted + 1);

    // Another customer opts out while the invitation waits for the morning: it is withdrawn.
    clock.time = Date.UTC(2026, 11, 10, 2, 0);
    const lee = (await (await call('/api/invitations', { body: invite('lee', { channel: 'slack', customer: { id: 'lee', slackUserId: 'ULEE', timezone: 'Europe/Madrid' } }) })).json()) as { id: string };
    expect((await call('/api/customers/lee/opt-out', { method: 'POST' })).status).toBe(200);
    clock.advance(DAY);
    await satisfy.jobs.runDue();
    expect(slack.of('conversations.open').map((c) => c.args.users)).not.toContain('ULEE');
    expect((await satisfy.stores.invitations.get(lee.id))!.status).toBe('cancelled');
  });

  it('fails an invitation that cannot be sent, with the reason in the invitation and the dead letters', async () => {
    clock.time = Date.UTC(2026, 11, 20, 12, 0);
    const made = (await (await call('/api/invitations', { body: invite('ghost', { channel: 'slack', customer: { id: 'ghost', email: 'nobody@example.com' } }) })).json()) as { id: string };
    await satisfy.jobs.runDue();
    const failed = (await (await call(`/api/invitations/${made.id}`)).json()) as { status: string; failure: string };
    expect(failed).toMatchObject({ status: 'failed', failure: expect.stringContaining('users_not_found') });
    expect((await call('/api/jobs', { token: '' })).status).toBe(401);
    const jobs = (await (await call('/api/jobs', { token: ADMIN_TOKEN })).json()) as { dead: { id: string; lastError: string }[] };
    const dead = jobs.dead.find((j) => j.id === `send:${made.id}`);
    expect(dead?.lastError).toContain('users_not_found');
    expect((await call(`/api/jobs/${encodeURIComponent(dead!.id)}/revive`, { method: 'POST', token: ADMIN_TOKEN })).status).toBe(200);
    // Once the customer is in Slack, the retried send goes out and the invitation is sent.
    slack.emails.set('nobody@example.com', 'UGHOST');
    await satisfy.jobs.runDue();
    const sent = (await (await call(`/api/invitations/${made.id}`)).json()) as { status: string; failure?: string; history: { status: string }[] };
    expect(sent.status).toBe('sent');
    expect(sent.failure).toBeUndefined();
    expect(sent.history.map((h) => h.status)).toEqual(['scheduled', 'failed', 'scheduled', 'sent']);
    expect((await call('/api/jobs/no-such-job/revive', { method: 'POST', token: ADMIN_TOKEN })).status).toBe(404);
  });

  it('counts the invitations sent and opened in the survey results', async () => {
    const day = new Date(clock.now()).toISOString().slice(0, 10);
    const summary = (await (await call(`/api/results/post-purchase/summary?from=2026-11-01&to=${day}`, { token: ADMIN_TOKEN })).json()) as { responses: { invited?: number } };
    expect(summary.responses.invited).toBeGreaterThanOrEqual(5);
  });
});
