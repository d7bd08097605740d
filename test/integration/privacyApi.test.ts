import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import type { EscalationCase } from '../../src/core/cases.js';
import type { SurveyResponse } from '../../src/core/ports.js';
import { customerDigest } from '../../src/privacy/customerDigest.js';
import type { CustomerExport } from '../../src/privacy/Privacy.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { ADMIN_TOKEN, createTestApp } from '../support/app.js';
import { ConsoleClient } from '../support/consoleClient.js';
import { WebChatCustomer } from '../support/handoffPeople.js';
import { listen, type Listening } from '../support/http.js';

const USERS = [`ana:agent:${bcrypt.hashSync('ana password 1', 4)}`, `root:admin:${bcrypt.hashSync('root password 3', 4)}`].join(',');
const ANGRY = 'Awful, it arrived broken. Call me on +34 612 345 678 or mail robin@example.com, card 4111 1111 1111 1111 was charged twice';

/** The admin API for erasure and export, and masking in what staff see, over real HTTP. */
describe('privacy: admin API, masking in the console and the responses export', () => {
  let satisfy: SatisfyApp;
  let server: Listening;
  let customer: WebChatCustomer;

  const call = async (method: string, path: string, token: string | null = ADMIN_TOKEN) => {
    const res = await fetch(`${server.url}${path}`, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    satisfy = await createTestApp({ CONSOLE_USERS: USERS }, { stores: memoryStores(), background: false });
    server = await listen(satisfy.app, satisfy.attach);
    const invite = await satisfy.invitations.create({ surveyId: 'post-purchase', customer: { id: 'cust-robin', name: 'Robin' }, order: { id: 'A-77' } }, 3600_000);
    customer = await WebChatCustomer.open(server.url, { invite });
    for (const answer of ['1', '1', '2', '1']) await customer.say(answer);
    // The case is raised and a person is asked for at once.
    expect((await customer.say(ANGRY))[0]).toContain('A person from our support team will join this chat');
    customer.close();
  });

  afterAll(async () => {
    await satisfy.close();
    await server.close();
  });

  it('refuses without a token (401), an agent (403), and bad customer ids (400)', async () => {
    expect(await call('DELETE', '/api/customers/cust-robin', null)).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED' } } });
    expect(await call('GET', '/api/customers/cust-robin/export', 'not-a-token')).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED' } } });
    const agent = await ConsoleClient.signIn(server.url, { username: 'ana', password: 'ana password 1' });
    expect(await call('DELETE', '/api/customers/cust-robin', agent.token)).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    expect(await call('GET', '/api/customers/cust-robin/export', agent.token)).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    expect(await call('GET', '/api/privacy/audit', agent.token)).toMatchObject({ status: 403 });
    for (const bad of ['%20%20', 'x'.repeat(513), 'a%00b', 'a%0Ab']) {
      expect(await call('DELETE', `/api/customers/${bad}`)).toMatchObject({ status: 400, body: { error: { code: 'BAD_CUSTOMER_ID' } } });
      expect(await call('GET', `/api/customers/${bad}/export`)).toMatchObject({ status: 400, body: { error: { code: 'BAD_CUSTOMER_ID' } } });
    }
    expect(await call('GET', '/api/privacy/audit?limit=0')).toMatchObject({ status: 400, body: { error: { code: 'BAD_QUERY' } } });
    expect((await satisfy.stores.responses.list({})).length).toBeGreaterThan(0);
  });

  it('shows staff what the customer typed with e-mail, phone and card masked; the stored text is whole', async () => {
    const [c] = await satisfy.stores.cases.list(10);
    expect(c!.quotes[0]!.text).toBe(ANGRY);
    const masked = 'Awful, it arrived broken. Call me on [phone] or mail [email], card [card] was charged twice';

    const agent = await ConsoleClient.signIn(server.url, { username: 'ana', password: 'ana password 1' });
    const shown = (await agent.call('GET', `/cases/${c!.id}`)).body.case as EscalationCase;
    expect(shown.quotes[0]!.text).toBe(masked);
    expect(shown.transcript.map((l) => l.text)).toContain(masked);
    expect(JSON.stringify(shown)).not.toMatch(/robin@example\.com|612 345 678|4111 1111/);
    expect(shown.customer).toEqual({ id: 'cust-robin', name: 'Robin' });
    const listed = (await agent.call('GET', '/cases')).body.cases as { worstQuote: { text: string } }[];
    expect(listed[0]!.worstQuote.text).toBe(masked);

    const exported = (await call('GET', '/api/responses')).body.responses as SurveyResponse[];
    expect(exported[0]!.answers.improve).toMatchObject({ raw: masked, value: masked });
    expect(JSON.stringify(exported)).not.toMatch(/robin@example\.com|612 345 678|4111 1111/);
  });

  it("exports everything about the customer unmasked, as the customer's own copy", async () => {
    const res = await call('GET', '/api/customers/cust-robin/export');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const data = res.body as unknown as CustomerExport;
    expect(data.customerId).toBe('cust-robin');
    expect(data.responses).toHaveLength(1);
    expect(data.responses[0]).toMatchObject({ customerId: 'cust-robin', orderId: 'A-77', answers: { csat: { value: 1 }, improve: { raw: ANGRY } } });
    expect(data.cases).toHaveLength(1);
    expect(data.cases[0]!.quotes[0]!.text).toBe(ANGRY);
    expect(data.conversations).toHaveLength(1);
    expect(data.conversations[0]!.conversationId).toBe(customer.conversationId);
    expect(data.conversations[0]!.chat?.activities.map((a) => a.text)).toContain(ANGRY);
    expect(Object.keys(data.conversations[0]!.state)).toEqual([`conversation/directline/${customer.conversationId}`]);

    const nobody = (await call('GET', '/api/customers/someone-else/export')).body as unknown as CustomerExport;
    expect(nobody).toMatchObject({ customerId: 'someone-else', responses: [], cases: [], conversations: [] });
  });

  it('erases the customer once; erasing again reports nothing left; both are audited', async () => {
    const erased = await call('DELETE', '/api/customers/cust-robin');
    expect(erased).toMatchObject({ status: 200, body: { erasure: { found: true, counts: { responses: 1, cases: 1, conversations: 1, chats: 1 }, customerDigest: customerDigest('cust-robin') } } });
    expect(await satisfy.stores.responses.list({})).toEqual([]);
    expect(await satisfy.stores.cases.list(10)).toEqual([]);
    expect(await satisfy.stores.activities.getConversation(customer.conversationId)).toBeUndefined();
    const agent = await ConsoleClient.signIn(server.url, { username: 'ana', password: 'ana password 1' });
    expect((await agent.call('GET', '/cases')).body.cases).toEqual([]);

    const again = await call('DELETE', '/api/customers/cust-robin');
    expect(again).toMatchObject({ status: 200, body: { erasure: { found: false, counts: { responses: 0, cases: 0, conversations: 0, chats: 0 } } } });

    const admin = await ConsoleClient.signIn(server.url, { username: 'root', password: 'root password 3' });
    const audit = await call('GET', '/api/privacy/audit?limit=10', admin.token);
    expect(audit.status).toBe(200);
    const entries = audit.body.entries as { action: string; actor: string; customerDigest: string }[];
    expect(entries.slice(0, 2).map((e) => [e.action, e.actor])).toEqual([
      ['customer.erased', 'console:admin'],
      ['customer.erased', 'console:admin'],
    ]);
    expect(entries.map((e) => e.action)).toContain('customer.exported');
    expect(JSON.stringify(entries)).not.toContain('cust-robin');
  });
});
