import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { createTestApp } from '../support/app.js';
import { answerValues } from '../support/answers.js';
import { FakeSlack, SIGNING_SECRET, slackRequest, slackMessageEvent } from '../support/fakeSlack.js';
import { withFaults } from '../support/faultyStores.js';
import { listen, type Listening } from '../support/http.js';
import { testRedisStores } from '../support/redis.js';
import { sleep } from '../support/widgetCustomer.js';

/**
 * A Slack customer's resend is a new message, unlike the web chat's (the same activity id
 * again): a turn that tells them to send their answer again must not have kept it. Found by
 * the Redis stop fault run: the connection dropped after the state write had landed, the
 * customer was asked again, and their NPS "10" became the answer to the open question after it.
 */
describe('a Slack customer\'s answer whose save was answered with a fault', () => {
  let satisfy: SatisfyApp;
  let server: Listening;
  let slack: FakeSlack;
  let faults: ReturnType<typeof withFaults>;
  let eventSeq = 0;

  beforeAll(async () => {
    faults = withFaults(await testRedisStores());
    slack = await new FakeSlack().start();
    satisfy = await createTestApp({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl }, { stores: faults.stores });
    server = await listen(satisfy.app, satisfy.attach);
  });

  afterAll(async () => {
    await server.close();
    await satisfy.close();
    await slack.close();
  });

  const posted = (channel: string) => slack.of('chat.postMessage').filter((c) => c.args.channel === channel).map((c) => String(c.args.text));

  /** Types `text` in the DM and returns what the bot posted in answer. */
  async function type(userId: string, text: string): Promise<string> {
    const channel = `D${userId}`;
    const before = posted(channel).length;
    const body = slackMessageEvent({ eventId: `EvLostAck${++eventSeq}`, channel, user: userId, text });
    expect((await slackRequest(server.url, body, 'application/json')).status).toBe(200);
    const deadline = Date.now() + 15_000;
    while (posted(channel).length === before) {
      if (Date.now() > deadline) throw new Error(`no reply to "${text}"`);
      await sleep(20);
    }
    await sleep(100);
    return posted(channel).slice(before).join('\n');
  }

  it('the write landed though its answer was lost: the turn goes on, nobody is asked again, nothing shifts', async () => {
    await satisfy.slack!.startSurvey({ slackUserId: 'ULOSTACK', customer: { id: 'ULOSTACK' } });
    for (const answer of ['5', '5', '4', '5']) await type('ULOSTACK', answer);
    faults.fail('state', 'write', { after: true });
    const reply = await type('ULOSTACK', '10');
    expect(faults.injected()).toBe(1);
    expect(reply).not.toMatch(/couldn't save/);
    expect(reply).toContain('What did you like most?');
    expect(await type('ULOSTACK', 'Everything')).toContain("We're glad you're happy");
    const response = (await satisfy.stores.responses.list({})).find((r) => r.customerId === 'ULOSTACK');
    expect(response?.status).toBe('completed');
    expect(answerValues(response)).toEqual({ csat: 5, delivery: 5, product_quality: 4, value: 5, nps: 10, liked: 'Everything' });
  });

  it('the write did not land: the customer is asked to send it again, and their resend is taken for the same question', async () => {
    await satisfy.slack!.startSurvey({ slackUserId: 'UNOLAND', customer: { id: 'UNOLAND' } });
    for (const answer of ['5', '5', '4', '5']) await type('UNOLAND', answer);
    faults.fail('state', 'write');
    expect(await type('UNOLAND', '10')).toMatch(/couldn't save/);
    expect(await type('UNOLAND', '10')).toContain('What did you like most?');
    expect(await type('UNOLAND', 'Everything')).toContain("We're glad you're happy");
    const response = (await satisfy.stores.responses.list({})).find((r) => r.customerId === 'UNOLAND');
    expect(answerValues(response)).toEqual({ csat: 5, delivery: 5, product_quality: 4, value: 5, nps: 10, liked: 'Everything' });
  });
});
