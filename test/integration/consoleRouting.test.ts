import bcrypt from 'bcryptjs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import type { EscalationCase } from '../../src/core/cases.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { loadCannedReplies } from '../../src/escalation/cannedReplies.js';
import { createTestApp } from '../support/app.js';
import { ConsoleClient } from '../support/consoleClient.js';
import { WebChatCustomer } from '../support/handoffPeople.js';
import { listen, type Listening } from '../support/http.js';
import { waitFor } from '../support/waitFor.js';

const USERS = [
  `ana:agent:${bcrypt.hashSync('ana password 1', 4)}`,
  `ben:agent:${bcrypt.hashSync('ben password 2', 4)}:Ben`,
  `root:admin:${bcrypt.hashSync('root password 3', 4)}`,
  `vic:viewer:${bcrypt.hashSync('vic password 4', 4)}`,
].join(',');

const NOTE = 'Internal: VIP customer, refund pre-approved by finance';

/** Notes, search, views, assignment and canned replies in the console API, over real HTTP with a
 * real web chat customer (whose Direct Line log must never hold a note). */
describe('console: notes, search and routing', () => {
  let satisfy: SatisfyApp;
  let server: Listening;
  const customers: WebChatCustomer[] = [];
  let ana: ConsoleClient;
  let ben: ConsoleClient;
  let root: ConsoleClient;

  beforeAll(async () => {
    satisfy = await createTestApp({ CONSOLE_USERS: USERS }, { stores: memoryStores() });
    server = await listen(satisfy.app, satisfy.attach);
    ana = await ConsoleClient.signIn(server.url, { username: 'ana', password: 'ana password 1' });
    ben = await ConsoleClient.signIn(server.url, { username: 'ben', password: 'ben password 2' });
    root = await ConsoleClient.signIn(server.url, { username: 'root', password: 'root password 3' });
  });

  afterAll(async () => {
    for (const c of customers) c.close();
    ana?.close();
    await satisfy.close();
    await server.close();
  });

  async function unhappyCustomer(orderId: string, name: string): Promise<{ customer: WebChatCustomer; c: EscalationCase }> {
    const before = new Set((await satisfy.stores.cases.list(100)).map((c) => c.id));
    const invite = await satisfy.invitations.create({ surveyId: 'post-purchase', customer: { id: `cust-${orderId}`, name }, order: { id: orderId } }, 86_400_000);
    const customer = await WebChatCustomer.open(server.url, { invite });
    customers.push(customer);
    for (const answer of ['1', '2', '2', '2']) await customer.say(answer);
    await customer.say('Broken on arrival and nobody answers');
    await customer.say('3');
    await customer.say('skip');
    await customer.say('yes', 2);
    const c = (await satisfy.stores.cases.list(100)).find((x) => !before.has(x.id));
    expect(c).toBeDefined();
    return { customer, c: c! };
  }

  async function chatLog(conversationId: string): Promise<string> {
    const page = await satisfy.stores.activities.since(conversationId, 0, 1000);
    return JSON.stringify(page.activities);
  }

  it('search by order id, customer name or id and text; views mine and queue; notes stay among staff; transfer and unclaim', async () => {
    await ana.live();
    const first = await unhappyCustomer('ORD-7781', 'Zoë Quinn');
    const other = await unhappyCustomer('ORD-9990', 'Max Power');
    await ana.waitForEvent(first.c.id);
    const c = first.c;
    expect(c.order).toMatchObject({ id: 'ORD-7781' });

    const ids = async (client: ConsoleClient, query: string) => {
      const res = await client.call('GET', `/cases?${query}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return (res.body.cases as { id: string }[]).map((x) => x.id);
    };
    expect(await ids(ana, 'q=ord-7781')).toEqual([c.id]);
    expect(await ids(ana, `q=${encodeURIComponent('zoe quinn')}`)).toEqual([c.id]);
    expect(await ids(ana, 'q=cust-ORD-9990')).toEqual([other.c.id]);
    expect(await ids(ana, 'q=nobody+answers')).toEqual(expect.arrayContaining([c.id, other.c.id]));
    expect(await ids(ana, 'q=no-such-thing')).toEqual([]);
    expect(await ids(ana, 'view=queue')).toEqual(expect.arrayContaining([c.id, other.c.id]));
    expect(await ids(ana, 'view=mine')).toEqual([]);
    expect((await ana.call('GET', '/cases?view=everyone')).status).toBe(400);
    expect((await ana.call('GET', `/cases?q=${'x'.repeat(201)}`)).status).toBe(400);

    // A note: stored on the case, shown to staff, never in the customer's chat.
    const noted = await ben.call('POST', `/cases/${c.id}/notes`, { text: NOTE });
    expect(noted.status).toBe(201);
    expect((noted.body.case as EscalationCase).notes).toEqual([expect.objectContaining({ text: NOTE, author: { id: 'ben', name: 'Ben', via: 'console' } })]);
    expect((await ben.call('POST', `/cases/${c.id}/notes`, { text: '   ' })).status).toBe(400);
    expect((await ben.call('POST', `/cases/${c.id}/notes`, { text: 'x'.repeat(4001) })).status).toBe(400);
    expect((await ben.call('POST', '/cases/case_nope/notes', { text: 'hi' })).status).toBe(404);
    expect(await ids(ana, 'q=pre-approved')).toEqual([c.id]);
    const row = ((await ana.call('GET', `/cases?q=ORD-7781`)).body.cases as Record<string, unknown>[])[0]!;
    expect(row.noteCount).toBe(1);
    expect(row).not.toHaveProperty('notes');

    // Ana claims, writes, and the customer hears her; then she transfers to Ben.
    expect((await ana.call('POST', `/cases/${c.id}/claim`)).status).toBe(200);
    expect(await ids(ana, 'view=mine')).toEqual([c.id]);
    expect(await ids(ana, 'view=queue')).not.toContain(c.id);
    expect((await ana.call('POST', `/cases/${c.id}/messages`, { text: 'Hi Zoë, Ana here.' })).status).toBe(200);
    await first.customer.waitForBot((t) => t.some((x) => x.includes('Hi Zoë, Ana here.')), "Ana's message");

    expect((await ben.call('POST', `/cases/${c.id}/assign`, { agent: 'ben' })).status).toBe(403);
    expect((await ana.call('POST', `/cases/${c.id}/assign`, {})).status).toBe(400);
    // The name customers read is the account's, whatever the request says.
    const moved = await ana.call('POST', `/cases/${c.id}/assign`, { agent: 'ben', name: 'Someone Else' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.case).toMatchObject({ status: 'claimed', assignee: { id: 'ben', name: 'Ben' } });
    await first.customer.waitForBot((t) => t.some((x) => /Ben/.test(x)), 'Ben joining');
    expect((await ana.call('POST', `/cases/${c.id}/messages`, { text: 'still me' })).status).toBe(403);
    expect((await ben.call('POST', `/cases/${c.id}/messages`, { text: 'Ben here, taking over.' })).status).toBe(200);
    expect(await ids(ben, 'view=mine')).toEqual([c.id]);

    // Ana may not put Ben's case back; Ben may; an admin may hand it on again.
    expect((await ana.call('POST', `/cases/${c.id}/unclaim`)).status).toBe(403);
    const back = await ben.call('POST', `/cases/${c.id}/unclaim`);
    expect(back.body.case).toMatchObject({ status: 'open' });
    expect(back.body.case).not.toHaveProperty('assignee');
    expect(await ids(ana, 'view=queue')).toContain(c.id);
    expect((await root.call('POST', `/cases/${c.id}/assign`, { agent: 'ana', name: 'Ana' })).body.case).toMatchObject({ assignee: { id: 'ana' } });
    expect((await root.call('POST', `/cases/${c.id}/assign`, { agent: 'ben', name: 'Ben' })).body.case).toMatchObject({ assignee: { id: 'ben' } });

    // Every change went out live.
    await ana.waitForEvent(c.id, 6);

    // The customer's chat (the Direct Line activity log) never held the note.
    await waitFor(async () => (await chatLog(first.customer.conversationId)).includes('Ben here, taking over.'));
    const log = await chatLog(first.customer.conversationId);
    expect(log).not.toContain('pre-approved');
    expect(first.customer.botTexts().join('\n')).not.toContain('pre-approved');
    // Nor the case's transcript (what the recovery and exports show as the conversation).
    const stored = await satisfy.stores.cases.get(c.id);
    expect(JSON.stringify(stored!.transcript)).not.toContain('pre-approved');
    expect(stored!.notes).toHaveLength(1);
  });

  it('only agents and admins: no token is 401, a viewer is 403, on every new route', async () => {
    const vic = await ConsoleClient.signIn(server.url, { username: 'vic', password: 'vic password 4' });
    const routes: [string, string, unknown?][] = [
      ['GET', '/cases?q=ORD'],
      ['GET', '/canned-replies'],
      ['POST', '/cases/x/notes', { text: 'hi' }],
      ['POST', '/cases/x/assign', { agent: 'ana' }],
      ['POST', '/cases/x/unclaim'],
      ['GET', '/agents'],
      ['GET', '/canned-replies/manage'],
      ['POST', '/canned-replies', { id: 'x', title: { en: 'x' }, text: { en: 'x' } }],
    ];
    for (const [method, path, body] of routes) {
      expect((await vic.call(method, path, body, null)).status, `${method} ${path} without a token`).toBe(401);
      expect((await vic.call(method, path, body)).status, `${method} ${path} as a viewer`).toBe(403);
    }
  });

  it('canned replies: the file in the repository, per locale, served to agents', async () => {
    const res = await ana.call('GET', '/canned-replies');
    expect(res.status).toBe(200);
    const replies = res.body.replies as { id: string; text: Record<string, string> }[];
    expect(replies.length).toBeGreaterThan(0);
    for (const r of replies) expect(Object.keys(r.text).sort()).toEqual(['en', 'es', 'zh-CN']);
    expect(replies.find((r) => r.id === 'sorry')?.text.en).toContain('{orderId}');
  });

  it('a canned replies file with a mistake names the file and the place; none is fine', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'canned-'));
    const file = join(dir, 'canned.json');
    expect(await loadCannedReplies(join(dir, 'missing.json'))).toEqual([]);
    await writeFile(file, JSON.stringify({ replies: [{ id: 'a', title: { en: 'A' }, text: { en: 'Hi {nmae}' } }] }));
    await expect(loadCannedReplies(file)).rejects.toThrow(`${file}: replies.0.text.en: unknown placeholder {nmae}`);
    await writeFile(file, JSON.stringify({ replies: [{ id: 'a', title: { en: 'A' }, text: { en: 'x' } }, { id: 'a', title: { en: 'B' }, text: { en: 'y' } }] }));
    await expect(loadCannedReplies(file)).rejects.toThrow('"a" is used twice');
    await writeFile(file, '{ nope');
    await expect(loadCannedReplies(file)).rejects.toThrow(`${file}: not valid JSON`);
  });
});
