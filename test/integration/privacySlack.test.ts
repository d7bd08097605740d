import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { ADMIN_TOKEN, createTestApp } from '../support/app.js';
import { FakeSlack, SIGNING_SECRET, slackRequest, slackMessageEvent } from '../support/fakeSlack.js';
import { listen, type Listening } from '../support/http.js';

/** A Slack customer's DM keeps two pieces of state (the bot's and the last question posted);
 * erasing the customer removes both, and only theirs. */
describe('privacy: a customer surveyed in Slack', () => {
  let satisfy: SatisfyApp;
  let server: Listening;
  let slack: FakeSlack;

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    slack.users.set('UKIM', { locale: 'en-US', name: 'kim' });
    slack.users.set('ULEE', { locale: 'en-US', name: 'lee' });
    satisfy = await createTestApp({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl }, { stores: memoryStores(), background: false });
    server = await listen(satisfy.app, satisfy.attach);
  });

  afterAll(async () => {
    await server.close();
    await satisfy.close();
    await slack.close();
  });

  it('erases the DM state and the response of the Slack user, and keeps another user', async () => {
    const kim = await satisfy.slack!.startSurvey({ slackUserId: 'UKIM', order: { id: 'S-1' } });
    const lee = await satisfy.slack!.startSurvey({ slackUserId: 'ULEE', customer: { id: 'cust-lee' } });
    expect(kim.channel).not.toBe(lee.channel);
    // Each answers once, so each has a response (a survey only opened has none).
    for (const [user, channel] of [['UKIM', kim.channel], ['ULEE', lee.channel]] as const) {
      const posted = slack.of('chat.postMessage').length;
      const event = slackMessageEvent({ eventId: `Ev-${user}`, channel, user, text: '4' });
      expect((await slackRequest(server.url, event, 'application/json')).status).toBe(200);
      await slack.waitFor('chat.postMessage', posted + 1);
    }
    const keysOf = (channel: string) => [`conversation/slack/${channel}`, `slack-question/${channel}`];
    expect(Object.keys(await satisfy.stores.state.read(keysOf(kim.channel)))).toHaveLength(2);

    const res = await fetch(`${server.url}/api/customers/UKIM`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(await res.json()).toMatchObject({ erasure: { found: true, counts: { responses: 1, cases: 0, conversations: 1, chats: 0 } } });
    expect(await satisfy.stores.state.read(keysOf(kim.channel))).toEqual({});
    expect((await satisfy.stores.responses.list({})).map((r) => r.customerId)).toEqual(['cust-lee']);
    expect(Object.keys(await satisfy.stores.state.read(keysOf(lee.channel)))).toHaveLength(2);
  });
});
