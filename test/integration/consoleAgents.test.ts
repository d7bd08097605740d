import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import type { Agent, EscalationCase } from '../../src/core/cases.js';
import type { StaffAccount } from '../../src/core/ports.js';
import type { AgentView } from '../../src/escalation/AgentRoster.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { testCase } from '../contract/caseStore.contract.js';
import { ADMIN_TOKEN, createTestApp } from '../support/app.js';
import { ConsoleClient } from '../support/consoleClient.js';
import { listen, type Listening } from '../support/http.js';
import { redisUrl, testRedisStores, uniquePrefix } from '../support/redis.js';
import { waitFor } from '../support/waitFor.js';

const hash = (pw: string) => bcrypt.hashSync(pw, 4);
const USERS = [`ana:agent:${hash('ana password 1')}:Ana`, `ben:agent:${hash('ben password 2')}:Ben`, `root:admin:${hash('root password 3')}`, `vic:viewer:${hash('vic password 4')}`].join(',');
const PASSWORD = 'account password 9';

function account(name: string, over: Partial<StaffAccount> = {}): StaffAccount {
  return { name, role: 'agent', passwordHash: hash(PASSWORD), disabled: false, createdAt: new Date().toISOString(), ...over };
}

const agentIds = (body: Record<string, unknown>) => (body.agents as AgentView[]).map((a) => a.id);
const onlineIds = (body: Record<string, unknown>) => (body.agents as AgentView[]).filter((a) => a.online).map((a) => a.id);

/** The agents list, assigning from it, and the live socket's presence and session checks, on
 * one instance (memory) over real HTTP and real sockets. */
describe('console agents: who may take a case, who is online', () => {
  let satisfy: SatisfyApp;
  let server: Listening;
  const clients: ConsoleClient[] = [];

  beforeAll(async () => {
    satisfy = await createTestApp({ CONSOLE_USERS: USERS, CONSOLE_SESSION_CHECK_SECONDS: '300' }, { stores: memoryStores() });
    server = await listen(satisfy.app, satisfy.attach);
    await satisfy.stores.staffAccounts.create(account('dora', { displayName: 'Dora Díaz' }));
    await satisfy.stores.staffAccounts.create(account('ed', { disabled: true }));
    await satisfy.stores.staffAccounts.create(account('fay', { role: 'viewer' }));
    await satisfy.stores.staffAccounts.create(account('gil', { role: 'admin', displayName: 'Gil' }));
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    await satisfy?.close();
    await server?.close();
  });

  const signIn = async (username: string, password: string) => {
    const client = await ConsoleClient.signIn(server.url, { username, password });
    clients.push(client);
    return client;
  };

  it('lists agents and admins from CONSOLE_USERS and the store (never viewers, disabled accounts or the team), online while a console is open', async () => {
    const ana = await signIn('ana', 'ana password 1');
    const listed = await ana.call('GET', '/agents');
    expect(listed.status).toBe(200);
    expect(listed.body.agents).toEqual([
      { id: 'ana', name: 'Ana', role: 'agent', online: false, openCases: 0, source: 'environment' },
      { id: 'ben', name: 'Ben', role: 'agent', online: false, openCases: 0, source: 'environment' },
      { id: 'dora', name: 'Dora Díaz', role: 'agent', online: false, openCases: 0, source: 'account' },
      { id: 'gil', name: 'Gil', role: 'admin', online: false, openCases: 0, source: 'account' },
      { id: 'root', name: 'root', role: 'admin', online: false, openCases: 0, source: 'environment' },
    ]);
    expect(listed.body.autoAssign).toEqual({ mode: 'off', maxOpenPerAgent: 0 });

    // Ana's console open: online. The team (ADMIN_TOKEN) with a console open is nobody.
    const live = await ana.live();
    const teamClient = new ConsoleClient(server.url);
    teamClient.token = ADMIN_TOKEN;
    clients.push(teamClient);
    await teamClient.live();
    expect(onlineIds((await ana.call('GET', '/agents')).body)).toEqual(['ana']);
    expect(agentIds((await teamClient.call('GET', '/agents')).body)).not.toContain('admin');

    // Closed: offline at once (not after a timeout).
    ana.close();
    expect(await live.closed).toBe(1005);
    await waitFor(async () => onlineIds((await teamClient.call('GET', '/agents')).body).length === 0);
  });

  it('assigns only to someone on the list, under their account\'s name; an unknown, viewer or disabled one is a clear 422 and nothing changes', async () => {
    const ben = await signIn('ben', 'ben password 2');
    const c = testCase(`assign-${Date.now()}`);
    await satisfy.stores.cases.create(c);
    for (const [agent, code] of [['ghost', 'UNKNOWN_AGENT'], ['vic', 'UNKNOWN_AGENT'], ['fay', 'UNKNOWN_AGENT'], ['ed', 'AGENT_DISABLED']] as const) {
      const res = await ben.call('POST', `/cases/${c.id}/assign`, { agent });
      expect(res.status, agent).toBe(422);
      expect((res.body.error as { code: string }).code, agent).toBe(code);
    }
    expect((await satisfy.stores.cases.get(c.id))?.status).toBe('open');
    expect((await ben.call('POST', `/cases/${c.id}/assign`, { agent: '' })).status).toBe(400);

    const res = await ben.call('POST', `/cases/${c.id}/assign`, { agent: 'dora', name: 'Made Up' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((res.body.case as EscalationCase).assignee).toEqual({ id: 'dora', name: 'Dora Díaz', via: 'console' } satisfies Agent);
    const held = (await ben.call('GET', '/agents')).body.agents as AgentView[];
    expect(held.find((a) => a.id === 'dora')?.openCases).toBe(1);
  });

  it('a viewer may not read the list; without a token nobody may', async () => {
    const vic = await signIn('vic', 'vic password 4');
    expect((await vic.call('GET', '/agents')).status).toBe(403);
    expect((await vic.call('GET', '/agents', undefined, null)).status).toBe(401);
  });

  it('a revoked session loses its socket on its next message; a disabled account on it too, and goes offline', async () => {
    await satisfy.stores.staffAccounts.create(account('hana'));
    const hana = await signIn('hana', PASSWORD);
    const live = await hana.live();
    const admin = new ConsoleClient(server.url);
    admin.token = ADMIN_TOKEN;
    expect(onlineIds((await admin.call('GET', '/agents')).body)).toContain('hana');
    const revoke = await fetch(`${server.url}/staff/api/accounts/hana/revoke`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(revoke.status).toBe(200);
    // The periodic check is 5 minutes away here: only the message finds out.
    await new Promise((r) => setTimeout(r, 200));
    hana.send({ type: 'watch', caseId: null });
    expect(await live.closed).toBe(4401);
    await waitFor(async () => !onlineIds((await admin.call('GET', '/agents')).body).includes('hana'));
  });
});

/** Two instances on one Redis: presence and session checks across them, and automatic
 * assignment in turns with a cap. */
describe('console agents across two instances on one Redis', () => {
  let a: SatisfyApp;
  let b: SatisfyApp;
  let onA: Listening;
  let onB: Listening;
  const clients: ConsoleClient[] = [];

  beforeAll(async () => {
    const prefix = uniquePrefix();
    const env = { CONSOLE_USERS: USERS, CASES_AUTO_ASSIGN: 'round-robin', CASES_MAX_OPEN_PER_AGENT: '2' };
    // A checks open sockets rarely, B every second: which instance notices what is the point.
    a = await createTestApp({ ...env, CONSOLE_SESSION_CHECK_SECONDS: '300' }, { stores: await testRedisStores({ url: redisUrl() }, prefix) });
    b = await createTestApp({ ...env, CONSOLE_SESSION_CHECK_SECONDS: '1' }, { stores: await testRedisStores({ url: redisUrl() }, prefix) });
    onA = await listen(a.app, a.attach);
    onB = await listen(b.app, b.attach);
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    await a?.close();
    await b?.close();
    await onA?.close();
    await onB?.close();
  });

  const signIn = async (base: string, username: string, password: string) => {
    const client = await ConsoleClient.signIn(base, { username, password });
    clients.push(client);
    return client;
  };
  const adminOn = (base: string) => {
    const admin = new ConsoleClient(base);
    admin.token = ADMIN_TOKEN;
    return admin;
  };
  const accounts = (base: string, path: string, method: string, body?: unknown) =>
    fetch(`${base}/staff/api/accounts${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` }, ...(body ? { body: JSON.stringify(body) } : {}) });

  it('an agent online on A is online on B; a disabled account\'s socket on B closes by B\'s own check, a revoked one on A on its next message', async () => {
    await a.stores.staffAccounts.create(account('ida'));
    await a.stores.staffAccounts.create(account('jo'));
    const ida = await signIn(onA.url, 'ida', PASSWORD);
    const jo = await signIn(onB.url, 'jo', PASSWORD);
    const idaLive = await ida.live();
    const joLive = await jo.live();
    expect(onlineIds((await adminOn(onB.url).call('GET', '/agents')).body)).toEqual(expect.arrayContaining(['ida', 'jo']));

    // Disabled on A; Jo's socket on B sends nothing, and still closes within B's check.
    expect((await accounts(onA.url, '/jo', 'PATCH', { disabled: true })).status).toBe(200);
    const started = Date.now();
    expect(await joLive.closed).toBe(4401);
    expect(Date.now() - started).toBeLessThan(5000);
    await waitFor(async () => !onlineIds((await adminOn(onA.url).call('GET', '/agents')).body).includes('jo'));

    // Revoked on B; Ida's socket on A (checked every 5 minutes) closes on her next message.
    expect((await accounts(onB.url, '/ida/revoke', 'POST')).status).toBe(200);
    ida.send({ type: 'typing', caseId: 'case_none' });
    expect(await idaLive.closed).toBe(4401);
  });

  it('round robin: a case waits while nobody is online; then cases go in turns to agents online on either instance, up to the cap; a case put back stays for people', async () => {
    const at = Date.now();
    // Ben already holds one case, so the cap of 2 leaves him one more.
    await a.stores.cases.create(testCase(`rr-held-${at}`, 60_000, { status: 'claimed', assignee: { id: 'ben', name: 'Ben', via: 'console' }, claimedAt: new Date(at).toISOString() }));
    const open = async (n: number) => {
      const c = testCase(`rr-${n}-${at}`, 10_000 - n * 1000);
      await a.stores.cases.create(c);
      // As the desk does when it opens a case: one alert, handled by one instance.
      await a.stores.alerts.push({ caseId: c.id, kind: 'new' });
      return c.id;
    };
    const status = async (id: string) => (await a.stores.cases.get(id))!;

    const first = await open(1);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await status(first)).status).toBe('open');

    const ana = await signIn(onA.url, 'ana', 'ana password 1');
    const ben = await signIn(onB.url, 'ben', 'ben password 2');
    await ana.live();
    await ben.live();
    // Whoever came online since gets the waiting case at the next sweep (any instance's).
    await b.desk.sweep();
    const taken = await status(first);
    expect(taken.status).toBe('claimed');
    expect(['ana', 'ben']).toContain(taken.assignee?.id);
    expect(taken.transcript.at(-1)?.text).toMatch(/^Assigned automatically to (Ana|Ben) \(round robin\)$/);
    // The new owner's console heard of it (the live feed is what alerts them).
    await (taken.assignee?.id === 'ana' ? ana : ben).waitForEvent(first);

    const more = [await open(2), await open(3)];
    await waitFor(async () => (await Promise.all(more.map(status))).every((c) => c.status === 'claimed'));
    const cases = await Promise.all([first, ...more].map(status));
    const count = (id: string) => cases.filter((c) => c.assignee?.id === id).length;
    // Three new cases: Ana 2 and Ben 1 (he held one already): both at the cap of 2.
    expect([count('ana'), count('ben')]).toEqual([2, 1]);

    // Everyone full: the next case waits in the queue.
    const fourth = await open(4);
    await new Promise((r) => setTimeout(r, 1500));
    await a.desk.sweep();
    expect((await status(fourth)).status).toBe('open');

    // Ben puts his new case back: it stays for people, but a slot is free for the waiting one.
    const bens = cases.find((c) => c.assignee?.id === 'ben')!;
    expect((await ben.call('POST', `/cases/${bens.id}/unclaim`)).status).toBe(200);
    await a.desk.sweep();
    expect((await status(bens.id)).status).toBe('open');
    expect((await status(fourth)).assignee?.id).toBe('ben');
  });
});
