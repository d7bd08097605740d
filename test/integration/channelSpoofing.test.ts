import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { createTestApp } from '../support/app.js';
import { DirectLineClient } from '../support/directLine.js';
import { FakeSlack, SIGNING_SECRET, slackRequest, slackMessageEvent } from '../support/fakeSlack.js';
import { listen, startConnector, type Listening } from '../support/http.js';

/**
 * An attacker who knows (or computes) the id of a web chat or Slack conversation posts to the
 * Bot Framework endpoint with that channel and id: an answer for the victim, or a survey.start
 * that would abandon their survey and raise fake cases. /api/messages acts only for the
 * channels that really arrive there.
 */
describe.each([
  ['without Bot Framework credentials', {}],
  ['with Bot Framework credentials', { MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000001', MICROSOFT_APP_PASSWORD: 'not-a-real-password' }],
])('/api/messages cannot act in another channel’s conversation (%s)', (_name, credentials) => {
  let satisfy: SatisfyApp;
  let server: Listening;
  let slack: FakeSlack;
  let connector: Awaited<ReturnType<typeof startConnector>>;
  let web: { conversationId: string; token: string };
  let slackDm: string;

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    connector = await startConnector();
    satisfy = await createTestApp(
      { SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, ...credentials },
      { stores: memoryStores() },
    );
    server = await listen(satisfy.app, satisfy.attach);
    // The victims: a web chat customer and a Slack customer, each with a survey in progress.
    const res = await fetch(`${server.url}/webchat/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ locale: 'en' }) });
    web = (await res.json()) as { conversationId: string; token: string };
    await new DirectLineClient(server.url, web.token).say(web.conversationId, '5');
    slackDm = (await satisfy.slack!.startSurvey({ slackUserId: 'UVICTIM', customer: { id: 'slack-victim' } })).channel;
    const event = slackMessageEvent({ eventId: 'EvVictim1', channel: slackDm, user: 'UVICTIM', text: '4' });
    expect((await slackRequest(server.url, event, 'application/json')).status).toBe(200);
    await slack.waitFor('chat.postMessage', 3);
  });

  afterAll(async () => {
    await server.close();
    await satisfy.close();
    await slack.close();
    await connector.close();
  });

  async function spoof(body: Record<string, unknown>): Promise<Response> {
    return fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: `spoof-${Math.random()}`, serviceUrl: connector.url, from: { id: 'attacker' }, recipient: { id: 'bot' }, ...body }),
    });
  }

  async function snapshot(): Promise<string> {
    const responses = await satisfy.stores.responses.list({});
    return JSON.stringify({ responses: responses.map((r) => [r.id, r.status, r.customerId, r.answers]), cases: (await satisfy.stores.cases.list(100)).length });
  }

  const attempts = (): [string, () => Record<string, unknown>][] => [
    ['an answer in the web chat', () => ({ type: 'message', channelId: 'directline', conversation: { id: web.conversationId }, text: '1' })],
    ['a survey.start in the web chat', () => ({ type: 'event', name: 'survey.start', channelId: 'directline', conversation: { id: web.conversationId }, value: { customer: { id: 'evil' } } })],
    ['an answer in a Slack DM', () => ({ type: 'message', channelId: 'slack', conversation: { id: slackDm }, text: '1' })],
    ['a survey.start in a Slack DM', () => ({ type: 'event', name: 'survey.start', channelId: 'slack', conversation: { id: slackDm }, value: { customer: { id: 'evil' } } })],
    ['a differently cased channel id', () => ({ type: 'message', channelId: 'Slack', conversation: { id: slackDm }, text: '1' })],
  ];

  it.each(attempts().map(([name], i) => [name, i] as const))('refuses %s with 403 and changes nothing', async (_what, i) => {
    const before = await snapshot();
    const res = await spoof(attempts()[i]![1]());
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('CHANNEL_NOT_SERVED');
    expect(await snapshot()).toBe(before);
    expect(connector.received).toHaveLength(0);
  });

  it('leaves the victims’ surveys where they were', async () => {
    const web = (await satisfy.stores.responses.list({})).find((r) => r.channel === 'directline');
    expect(web?.answers.csat?.value).toBe(5);
    const slackResponse = (await satisfy.stores.responses.list({})).find((r) => r.customerId === 'slack-victim');
    expect(slackResponse).toMatchObject({ status: 'in_progress', answers: { csat: expect.objectContaining({ value: 4 }) } });
    expect(Object.keys(slackResponse!.answers)).toEqual(['csat']);
  });
});

describe('/api/messages without credentials serves the Emulator only', () => {
  let satisfy: SatisfyApp;
  let server: Listening;
  let connector: Awaited<ReturnType<typeof startConnector>>;

  beforeAll(async () => {
    connector = await startConnector();
    satisfy = await createTestApp({ ALLOWED_SERVICE_URLS: 'http://127.0.0.1' }, { stores: memoryStores() });
    server = await listen(satisfy.app);
  });

  afterAll(async () => {
    await server.close();
    await satisfy.close();
    await connector.close();
  });

  it.each(['msteams', 'webchat', 'test'])('refuses channel %s, unauthenticated', async (channelId) => {
    const res = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', id: 'a1', channelId, serviceUrl: connector.url, conversation: { id: 'c1' }, from: { id: 'u' }, text: 'hi' }),
    });
    expect(res.status).toBe(403);
    expect(await satisfy.stores.responses.list({})).toHaveLength(0);
  });

  it('serves the Emulator', async () => {
    const res = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', id: 'a2', channelId: 'emulator', serviceUrl: connector.url, conversation: { id: 'c2' }, from: { id: 'u' }, text: 'hi' }),
    });
    expect(res.status).toBeLessThan(300);
    await connector.waitFor(2);
  });
});
