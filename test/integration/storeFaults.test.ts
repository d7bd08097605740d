import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { createTestApp } from '../support/app.js';
import { answerValues } from '../support/answers.js';
import { withFaults } from '../support/faultyStores.js';
import { listen, type Listening } from '../support/http.js';
import { testRedisStores } from '../support/redis.js';
import { WidgetCustomer } from '../support/widgetCustomer.js';

/**
 * Faults at the exact points the fault runs found them (issue 12, items 2 and 3), on real
 * Redis: the call named fails as a dropped connection would, once.
 */
describe('a store fault in the middle of a web chat turn', () => {
  let satisfy: SatisfyApp;
  let server: Listening;
  let faults: ReturnType<typeof withFaults>;

  beforeAll(async () => {
    faults = withFaults(await testRedisStores());
    satisfy = await createTestApp({}, { stores: faults.stores });
    server = await listen(satisfy.app, satisfy.attach);
  });

  afterAll(async () => {
    await server.close();
    await satisfy.close();
  });

  afterEach(() => {
    expect(faults.injected()).toBeGreaterThan(0);
  });

  it('state saved, answer and reply not: the widget’s resend gets the reply and the answer is kept once', async () => {
    const customer = new WidgetCustomer(server.url, { locale: 'en' });
    await customer.open();
    await customer.say('5');
    faults.fail('responses', 'recordAnswer');
    faults.fail('activities', 'appendAll');
    const answered = await customer.say('4');
    expect(customer.resends).toBeGreaterThan(0);
    expect(answered.replies.map((r) => r.channelData?.satisfy?.questionId)).toEqual(['product_quality']);
    // Nothing shown twice: each question once in the whole chat.
    const asked = (await customer.activities()).filter((a) => a.from.role === 'bot').map((a) => a.channelData?.satisfy?.questionId).filter(Boolean);
    expect(asked).toEqual(['csat', 'delivery', 'product_quality']);
    const response = (await satisfy.stores.responses.list({})).find((r) => r.answers.delivery?.raw === '4');
    expect(answerValues(response)).toEqual({ csat: 5, delivery: 4 });
    expect(response?.answers.delivery?.attempts).toBe(1);
  });

  it('state saved, answer not recorded, reply delivered: the answer reaches the response without the customer writing again', async () => {
    const customer = new WidgetCustomer(server.url, { locale: 'en' });
    await customer.open();
    await customer.say('2');
    faults.fail('responses', 'recordAnswer', { when: (args) => args[1] === 'delivery' });
    const answered = await customer.say('3');
    expect(customer.resends).toBe(0);
    expect(answered.replies.map((r) => r.channelData?.satisfy?.questionId)).toEqual(['product_quality']);
    // Recorded by the bot's background retry, not by a later turn.
    const deadline = Date.now() + 5000;
    let values: Record<string, unknown> = {};
    while (Date.now() < deadline) {
      const response = (await satisfy.stores.responses.list({})).find((r) => r.answers.csat?.raw === '2');
      values = answerValues(response);
      if (values.delivery !== undefined) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(values).toEqual({ csat: 2, delivery: 3 });
  });

  it('any failure recording the last answer (not only a store fault): the customer hears the ending and the response completes', async () => {
    const customer = new WidgetCustomer(server.url, { locale: 'en' });
    await customer.open();
    for (const answer of ['5', '5', '5', '5', '10']) await customer.say(answer);
    faults.fail('responses', 'finish', { error: () => new Error('an unexpected reply from the store') });
    const last = await customer.say('Everything was lovely');
    expect(last.replies.at(-1)?.text).toContain("We're glad you're happy");
    const deadline = Date.now() + 5000;
    let status: string | undefined;
    while (Date.now() < deadline) {
      status = (await satisfy.stores.responses.list({})).find((r) => r.answers.liked?.raw === 'Everything was lovely')?.status;
      if (status === 'completed') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe('completed');
  });

  it('the state write fails: the POST is 503 with Retry-After, the resend runs the turn once', async () => {
    const customer = new WidgetCustomer(server.url, { locale: 'es' });
    const s = await customer.open();
    faults.fail('state', 'write');
    const res = await fetch(`${server.url}/v3/directline/conversations/${s.conversationId}/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${s.token}` },
      body: JSON.stringify({ type: 'message', text: '4', from: { id: 'me' }, channelData: { clientActivityID: 'cid-503' } }),
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('STORE_UNAVAILABLE');
    const again = await fetch(`${server.url}/v3/directline/conversations/${s.conversationId}/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${s.token}` },
      body: JSON.stringify({ type: 'message', text: '4', from: { id: 'me' }, channelData: { clientActivityID: 'cid-503' } }),
    });
    expect(again.status).toBe(200);
    const all = await customer.activities();
    expect(all.filter((a) => a.from.role === 'user')).toHaveLength(1);
    expect(all.filter((a) => a.channelData?.satisfy?.questionId === 'delivery')).toHaveLength(1);
    // No "please send it again" in the chat: the widget resends by itself.
    expect(all.some((a) => /Vuelve a enviar/.test(a.text ?? ''))).toBe(false);
  });

  it('an invitation whose start failed starts with its customer and order when the link is opened again', async () => {
    const invite = await satisfy.invitations.create({ surveyId: 'post-purchase', locale: 'en', customer: { id: 'c-inv-fault', name: 'Ana' }, order: { id: 'A-77' } }, 86_400_000);
    faults.fail('state', 'write');
    const first = await fetch(`${server.url}/webchat/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ invite }) });
    expect(first.status).toBe(503);
    const customer = new WidgetCustomer(server.url, { invite });
    await customer.open();
    expect(await customer.currentQuestion()).toBe('csat');
    await customer.say('5');
    await customer.say('4');
    const response = (await satisfy.stores.responses.list({})).find((r) => r.customerId === 'c-inv-fault');
    expect(response).toMatchObject({ orderId: 'A-77', surveyId: 'post-purchase' });
    expect(answerValues(response)).toEqual({ csat: 5, delivery: 4 });
    expect((await satisfy.stores.responses.list({})).filter((r) => r.customerId === 'c-inv-fault')).toHaveLength(1);
  });
});
