import bcrypt from 'bcryptjs';
import { SignJWT, decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { SatisfyApp } from '../../src/app.js';
import type { EscalationCase } from '../../src/core/cases.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { ADMIN_TOKEN, TOKEN_SIGNING_KEY, createTestApp } from '../support/app.js';
import { ConsoleClient } from '../support/consoleClient.js';
import { DirectLineClient } from '../support/directLine.js';
import { WebChatCustomer } from '../support/handoffPeople.js';
import { TurnRecorder } from '../support/turnRecorder.js';
import { listen, type Listening } from '../support/http.js';
import { waitFor } from '../support/waitFor.js';

const USERS = [`ana:agent:${bcrypt.hashSync('ana password 1', 4)}`, `ben:agent:${bcrypt.hashSync('ben password 2', 4)}`, `root:admin:${bcrypt.hashSync('root password 3', 4)}`].join(',');

/** The agent console's API and live socket over real HTTP, with a real web chat customer. */
describe('handoff: a web chat customer and an agent in the console', () => {
  let satisfy: SatisfyApp;
  let server: Listening;
  const customers: WebChatCustomer[] = [];

  beforeAll(async () => {
    satisfy = await createTestApp({ CONSOLE_USERS: USERS }, { stores: memoryStores() });
    server = await listen(satisfy.app, satisfy.attach);
  });

  afterAll(async () => {
    for (const c of customers) c.close();
    await satisfy.close();
    await server.close();
  });

  /** A customer who gives CSAT 1 and an angry comment, then finishes the survey. */
  async function unhappyCustomer(comment = 'Terrible. Broken on arrival and nobody answers <img src=x onerror=alert(1)>'): Promise<{ customer: WebChatCustomer; c: EscalationCase }> {
    const before = new Set((await satisfy.stores.cases.list(100)).map((c) => c.id));
    const customer = await WebChatCustomer.open(server.url);
    customers.push(customer);
    for (const answer of ['1', '2', '2', '2']) await customer.say(answer);
    await customer.say(comment);
    await customer.say('3');
    await customer.say('skip');
    // Yes to "would you like someone to contact you?": a No would mean nobody joins the chat.
    await customer.say('yes', 2);
    const c = (await satisfy.stores.cases.list(100)).find((x) => !before.has(x.id));
    expect(c).toBeDefined();
    return { customer, c: c! };
  }

  it('claim, live chat both ways, resolve with a note, recovery outcome on the case', async () => {
    const ana = await ConsoleClient.signIn(server.url, { username: 'ana', password: 'ana password 1' });
    await ana.live();
    const { customer, c } = await unhappyCustomer();
    await ana.waitForEvent(c.id);

    const list = await ana.call('GET', '/cases?status=open&priority=high');
    expect(list.status).toBe(200);
    const row = (list.body.cases as Record<string, unknown>[]).find((x) => x.id === c.id);
    expect(row).toMatchObject({ status: 'open', priority: 'high', channel: 'directline', worstQuote: { questionId: 'improve', label: 'negative' } });
    expect(row).not.toHaveProperty('transcript');
    const one = await ana.call('GET', `/cases/${c.id}`);
    // JSON keeps the customer's text as data; the page puts it in with textContent (e2e test).
    expect((one.body.case as EscalationCase).quotes[0]!.text).toContain('<img src=x onerror=alert(1)>');

    expect((await ana.call('POST', `/cases/${c.id}/claim`)).status).toBe(200);
    await customer.waitForBot((t) => t.at(-1) === 'ana from our support team has joined the chat.', 'the agent joining');

    const sent = await ana.call('POST', `/cases/${c.id}/messages`, { text: 'Hello, I am Ana. Let me fix this.' });
    expect(sent.status).toBe(200);
    await customer.waitForBot((t) => t.at(-1) === 'ana: Hello, I am Ana. Let me fix this.', 'the agent message');

    const events = ana.events.length;
    await customer.say('Thank you!', 0);
    await waitFor(async () => ana.events.length > events);
    const after = (await ana.call('GET', `/cases/${c.id}`)).body.case as EscalationCase;
    expect(after.transcript.at(-1)).toMatchObject({ from: 'customer', text: 'Thank you!' });

    const resolved = await ana.call('POST', `/cases/${c.id}/resolve`, { note: 'Sent a replacement' });
    expect(resolved.body.case).toMatchObject({ status: 'resolved', resolutionNote: 'Sent a replacement', resolvedBy: { id: 'ana', via: 'console' } });
    await customer.waitForBot((t) => t.at(-1)?.startsWith('Was your issue resolved?') ?? false, 'the recovery question');
    await customer.say('yes');
    await customer.say('5');
    const final = await waitFor(async () => {
      const now = await satisfy.stores.cases.get(c.id);
      return now?.recovery ? now : undefined;
    });
    expect(final.recovery).toMatchObject({ resolved: true, rating: 5 });
    ana.close();
  });

  it('one agent cannot act on a case another agent claimed', async () => {
    const { c } = await unhappyCustomer('Bad, just bad.');
    const ana = await ConsoleClient.signIn(server.url, { username: 'ana', password: 'ana password 1' });
    const ben = await ConsoleClient.signIn(server.url, { username: 'ben', password: 'ben password 2' });
    expect((await ben.call('POST', `/cases/${c.id}/messages`, { text: 'hi' })).body).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect((await ana.call('POST', `/cases/${c.id}/claim`)).status).toBe(200);
    expect((await ana.call('POST', `/cases/${c.id}/claim`)).status).toBe(200);
    const taken = await ben.call('POST', `/cases/${c.id}/claim`);
    expect(taken).toMatchObject({ status: 409, body: { error: { code: 'CASE_TAKEN', message: 'ana has already claimed this case' } } });
    expect((await ben.call('POST', `/cases/${c.id}/messages`, { text: 'hi' })).status).toBe(403);
    expect((await ben.call('POST', `/cases/${c.id}/resolve`, { note: '' })).status).toBe(403);
    // An admin may close any case.
    const root = await ConsoleClient.signIn(server.url, { username: 'root', password: 'root password 3' });
    expect((await root.call('POST', `/cases/${c.id}/resolve`, { note: 'closed by admin' })).status).toBe(200);
    expect((await ana.call('POST', `/cases/${c.id}/messages`, { text: 'late' })).body).toMatchObject({ error: { code: 'CASE_CLOSED' } });
    expect((await ana.call('GET', '/cases/case_nope')).status).toBe(404);
    expect((await ana.call('GET', '/cases?status=lost')).status).toBe(400);
    expect((await ana.call('POST', `/cases/${c.id}/messages`, { text: 'x'.repeat(4001) })).status).toBe(400);
  });

  it('a claim while the survey goes on takes the chat over; once handed back it is not taken again', async () => {
    const customer = await WebChatCustomer.open(server.url);
    customers.push(customer);
    await customer.say('1'); // low_csat raises a case; the rule says continue
    expect(customer.botTexts().at(-1)).toContain('How satisfied are you with the delivery?');
    const c = (await satisfy.stores.cases.list(100)).find((x) => x.address.conversationId === customer.conversationId)!;
    const ana = await ConsoleClient.signIn(server.url, { username: 'ana', password: 'ana password 1' });
    expect((await ana.call('POST', `/cases/${c.id}/claim`)).status).toBe(200);
    await customer.waitForBot((t) => t.at(-1) === 'ana from our support team has joined the chat.', 'the agent joining mid-survey');
    await customer.say('5', 0); // kept for the agent, not an answer
    await waitFor(async () => (await satisfy.stores.cases.get(c.id))?.transcript.some((e) => e.from === 'customer' && e.text === '5'));

    // A client cannot fake the hand-back: the bot ignores handoff events it did not start.
    const dl = new DirectLineClient(server.url, customer.token);
    await dl.say(customer.conversationId, '', { type: 'event', name: 'handoff.resolved', value: { caseId: c.id } });
    await customer.say('still there?', 0);
    await waitFor(async () => (await satisfy.stores.cases.get(c.id))?.transcript.some((e) => e.text === 'still there?'));
    expect(customer.botTexts().at(-1)).toBe('ana from our support team has joined the chat.');

    await ana.call('POST', `/cases/${c.id}/resolve`, { note: 'ok' });
    await customer.waitForBot((t) => t.at(-1)?.startsWith('Was your issue resolved?') ?? false, 'the recovery question');
    await customer.say('yes');
    const resumed = await customer.say('4', 3);
    expect(resumed.slice(1)).toEqual(["Let's pick up the survey where we left off.", expect.stringContaining('How satisfied are you with the delivery?')]);
    for (const answer of ['4', '4', '4']) await customer.say(answer);
    await customer.say('skip');
    const end = await customer.say('8');
    // The survey ends normally: no second "a person will join" for a case already handed back.
    expect(end).toHaveLength(1);
    expect(end[0]).not.toContain('will join this chat');
  });

  it('refuses a survey.start while a person has the chat', async () => {
    const customer = await WebChatCustomer.open(server.url);
    customers.push(customer);
    await customer.say('I need to speak to a person');
    const stored = await satisfy.stores.state.read([`conversation/directline/${customer.conversationId}`]);
    expect(Object.values(stored)[0]).toMatchObject({ data: { handoff: { resumeSurvey: true } } });
    const turn = new TurnRecorder();
    await satisfy.bot.run(turn.context(customer.conversationId, { type: 'event', name: 'survey.start', value: {} }));
    expect(turn.sent).toEqual([{ type: 'event', name: 'survey.error', value: { code: 'HANDOFF_ACTIVE', message: expect.stringContaining('A person is helping') } }]);
  });

  it('refuses requests without a valid session, forged or borrowed tokens included', async () => {
    const ana = await ConsoleClient.signIn(server.url, { username: 'ana', password: 'ana password 1' });
    const anon = new ConsoleClient(server.url);
    expect((await anon.call('GET', '/cases', undefined, null)).status).toBe(401);
    expect((await anon.call('GET', '/cases', undefined, 'not-a-token')).status).toBe(401);

    // Ben's identity in Ana's token: the signature no longer matches.
    const [header, , signature] = ana.token.split('.');
    const claims = { ...decodeJwt(ana.token), sub: 'ben' };
    const swapped = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    expect((await anon.call('GET', '/me', undefined, swapped)).status).toBe(401);
    // Unsigned ("alg": "none") and signed with a guessed key.
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
    expect((await anon.call('GET', '/me', undefined, none)).status).toBe(401);
    const guessed = await new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject('root').setAudience('satisfy:console').setExpirationTime('1h').sign(new TextEncoder().encode('guessed-key-0123456789-0123456789'));
    expect((await anon.call('GET', '/me', undefined, guessed)).status).toBe(401);
    // A web chat token is signed with the same TOKEN_SIGNING_KEY but is not a console session.
    const session = (await (await fetch(`${server.url}/webchat/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { token: string };
    expect((await anon.call('GET', '/me', undefined, session.token)).status).toBe(401);
    // The same key with the console's audience but a user that does not exist.
    const ghost = await new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject('ghost').setAudience('satisfy:console').setExpirationTime('1h').sign(new TextEncoder().encode(`console:${TOKEN_SIGNING_KEY}`));
    expect((await anon.call('GET', '/me', undefined, ghost)).status).toBe(401);

    expect((await anon.call('GET', '/me', undefined, ana.token)).body).toEqual({ user: { name: 'ana', role: 'agent' } });
    expect((await anon.call('GET', '/me', undefined, ADMIN_TOKEN)).body).toEqual({ user: { name: 'admin', role: 'admin', team: true } });
    expect((await anon.call('POST', '/login', { token: ADMIN_TOKEN }, null)).status).toBe(200);
    expect((await anon.call('POST', '/login', { token: 'wrong' }, null)).status).toBe(401);
    expect((await anon.call('POST', '/login', { username: 'ana' }, null)).status).toBe(400);

    // The live socket: nothing without signing in, and not with a forged token.
    const refused = new WebSocket(`${server.url.replace('http', 'ws')}/console/ws`);
    await new Promise((r) => refused.once('open', r));
    refused.send(JSON.stringify({ type: 'auth', token: swapped }));
    expect(await new Promise((r) => refused.once('close', (code) => r(code)))).toBe(4401);
    const silent = new WebSocket(`${server.url.replace('http', 'ws')}/console/ws`);
    await new Promise((r) => silent.once('open', r));
    silent.send('not json');
    expect(await new Promise((r) => silent.once('close', (code) => r(code)))).toBe(4401);
  });

  it('slows one name from one address down after five wrong passwords, and nobody else', async () => {
    const anon = new ConsoleClient(server.url);
    for (let i = 0; i < 5; i++) expect((await anon.call('POST', '/login', { username: 'ben', password: `guess ${i}` }, null)).status).toBe(401);
    const slowed = await anon.call('POST', '/login', { username: 'ben', password: 'ben password 2' }, null);
    expect(slowed).toMatchObject({ status: 429, body: { error: { code: 'TOO_MANY_ATTEMPTS' } } });
    // Only that name: Ana still signs in.
    expect((await anon.call('POST', '/login', { username: 'ana', password: 'ana password 1' }, null)).status).toBe(200);
  });

  it('serves the page (now the staff app’s; /console leads there) with a strict Content-Security-Policy', async () => {
    const res = await fetch(`${server.url}/console`);
    expect(res.status).toBe(200);
    expect(new URL(res.url).pathname).toBe('/staff/console');
    const scriptSrc = (res.headers.get('content-security-policy') ?? '').split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'));
    expect(scriptSrc).toBe("script-src 'self'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });
});
