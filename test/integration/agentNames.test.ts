import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { ADMIN_TOKEN, createTestApp } from '../support/app.js';
import { ConsoleClient } from '../support/consoleClient.js';
import { WebChatCustomer } from '../support/handoffPeople.js';
import { listen, type Listening } from '../support/http.js';

/** Who the customer is told has joined: a person's display name, or "our support team" for
 * the admin token, never a login such as "admin". */
describe('the name a customer reads when staff join their chat', () => {
  let satisfy: SatisfyApp;
  let server: Listening;
  const customers: WebChatCustomer[] = [];

  beforeAll(async () => {
    const users = [`ana:agent:${bcrypt.hashSync('ana password 1', 4)}:Ana García`, `ben:agent:${bcrypt.hashSync('ben password 2', 4)}`].join(',');
    satisfy = await createTestApp({ CONSOLE_USERS: users }, { stores: memoryStores(), background: false });
    server = await listen(satisfy.app, satisfy.attach);
  });

  afterAll(async () => {
    for (const c of customers) c.close();
    await server.close();
    await satisfy.close();
  });

  /** An unhappy customer who wants to be contacted: a person is promised. */
  async function unhappy(locale: string, yes: string): Promise<{ customer: WebChatCustomer; caseId: string }> {
    const before = new Set((await satisfy.stores.cases.list(100)).map((c) => c.id));
    const customer = await WebChatCustomer.open(server.url, { locale });
    customers.push(customer);
    for (const answer of ['1', '2', '2', '2', 'broken', '3', 'skip']) await customer.say(answer);
    await customer.say(yes, 2);
    const c = (await satisfy.stores.cases.list(100)).find((x) => !before.has(x.id));
    return { customer, caseId: c!.id };
  }

  it.each([
    ['en', 'yes', 'Ana García from our support team has joined the chat.', 'Ana García: Hello!', 'Ana García has marked your issue as resolved.'],
    ['es', 'sí', 'Ana García, de nuestro equipo de atención, se ha unido al chat.', 'Ana García: Hello!', 'Ana García ha marcado tu consulta como resuelta.'],
  ])('a person with a display name (%s)', async (locale, yes, joined, message, left) => {
    const { customer, caseId } = await unhappy(locale, yes);
    const ana = await ConsoleClient.signIn(server.url, { username: 'ana', password: 'ana password 1' });
    expect((await ana.call('POST', `/cases/${caseId}/claim`)).status).toBe(200);
    await customer.waitForBot((t) => t.at(-1) === joined, joined);
    expect((await ana.call('POST', `/cases/${caseId}/messages`, { text: 'Hello!' })).status).toBe(200);
    await customer.waitForBot((t) => t.at(-1) === message, message);
    expect((await ana.call('POST', `/cases/${caseId}/resolve`, { note: 'ok' })).status).toBe(200);
    await customer.waitForBot((t) => t.includes(left), left);
    expect((await satisfy.stores.cases.get(caseId))?.assignee).toMatchObject({ id: 'ana', name: 'Ana García' });
  });

  it('a person without one is shown by their user name', async () => {
    const { customer, caseId } = await unhappy('en', 'yes');
    const ben = await ConsoleClient.signIn(server.url, { username: 'ben', password: 'ben password 2' });
    expect((await ben.call('POST', `/cases/${caseId}/claim`)).status).toBe(200);
    await customer.waitForBot((t) => t.at(-1) === 'ben from our support team has joined the chat.', 'ben joined');
  });

  it.each([
    ['en', 'yes', 'A member of our support team has joined the chat.', 'Support team: Hello!', 'Our support team has marked your issue as resolved.'],
    ['zh-CN', '是', '我们的客服人员已加入对话。', '客服团队: Hello!', '我们的客服团队已将您的问题标记为已解决。'],
  ])('the team, signed in with the admin token (%s)', async (locale, yes, joined, message, left) => {
    const { customer, caseId } = await unhappy(locale, yes);
    const team = await ConsoleClient.signIn(server.url, { token: ADMIN_TOKEN });
    expect((await team.call('POST', `/cases/${caseId}/claim`)).status).toBe(200);
    await customer.waitForBot((t) => t.at(-1) === joined, joined);
    expect((await team.call('POST', `/cases/${caseId}/messages`, { text: 'Hello!' })).status).toBe(200);
    await customer.waitForBot((t) => t.at(-1) === message, message);
    expect((await team.call('POST', `/cases/${caseId}/resolve`, { note: 'ok' })).status).toBe(200);
    await customer.waitForBot((t) => t.includes(left), left);
    expect(customer.botTexts().join('\n')).not.toMatch(/\badmin\b/);
  });
});
