import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { ADMIN_TOKEN, createTestApp } from '../support/app.js';
import { listen, startConnector, type Listening, type ReceivedActivity } from '../support/http.js';

describe('POST /api/messages over real HTTP, replies to a local connector', () => {
  let satisfy: SatisfyApp;
  let bot: Listening;
  let connector: Awaited<ReturnType<typeof startConnector>>;
  let nextId = 1;

  beforeAll(async () => {
    satisfy = await createTestApp();
    bot = await listen(satisfy.app);
    connector = await startConnector();
  });

  afterAll(async () => {
    await bot.close();
    await connector.close();
  });

  async function post(body: unknown, raw = false): Promise<Response> {
    return fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: raw ? (body as string) : JSON.stringify(body),
    });
  }

  function activity(conversationId: string, extra: Record<string, unknown>): Record<string, unknown> {
    return {
      id: `act-${nextId++}`,
      channelId: 'emulator',
      serviceUrl: connector.url,
      conversation: { id: conversationId },
      from: { id: 'user-1', name: 'Customer' },
      recipient: { id: 'bot', name: 'Satisfy' },
      locale: 'en-US',
      ...extra,
    };
  }

  /** Sends one activity and returns the replies the connector received for it. */
  async function turn(conversationId: string, extra: Record<string, unknown>, replies: number): Promise<ReceivedActivity[]> {
    const res = await post(activity(conversationId, extra));
    expect(res.status).toBeLessThan(300);
    return connector.waitFor(replies);
  }

  const texts = (got: ReceivedActivity[]) => got.map((r) => r.activity.text);

  it('runs the sample survey started by survey.start with customer and order data', async () => {
    const start = await turn('conv-http', {
      type: 'event',
      name: 'survey.start',
      value: { surveyId: 'post-purchase', customer: { id: 'c-42', name: 'Ana' }, order: { id: 'A-1001', items: [{ name: 'Teapot' }], total: 39.9 } },
    }, 2);
    expect(texts(start)[0]).toBe("Hi Ana! Thanks for shopping with us. We'd love to hear how it went: it takes about two minutes.");
    expect(start[1]!.replyToId).toBeDefined();
    const actions = (start[1]!.activity.suggestedActions as { actions: { title: string; value: unknown }[] }).actions;
    expect(actions.map((a) => a.title)).toEqual(['1', '2', '3', '4', '5']);

    // A button press comes back with the action's value; a typed answer as text.
    const afterClick = await turn('conv-http', { type: 'message', text: '5', value: actions[4]!.value }, 1);
    expect(texts(afterClick)[0]).toContain('delivery');
    const afterTyped = await turn('conv-http', { type: 'message', text: 'four' }, 1);
    expect(texts(afterTyped)[0]).toContain('Teapot');
    await turn('conv-http', { type: 'message', text: '5' }, 1);
    await turn('conv-http', { type: 'message', text: '4' }, 1);
    const end = await turn('conv-http', { type: 'message', text: '7' }, 1);
    expect(texts(end)[0]).toContain("We're glad you're happy");

    const res = await fetch(`${bot.url}/api/responses?surveyId=post-purchase`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res.status).toBe(200);
    const { responses } = (await res.json()) as { responses: Record<string, unknown>[] };
    expect(responses).toHaveLength(1);
    expect(responses[0]).toMatchObject({
      surveyId: 'post-purchase',
      surveyVersion: 1,
      channel: 'emulator',
      locale: 'en',
      customerId: 'c-42',
      orderId: 'A-1001',
      status: 'completed',
      answers: {
        csat: { value: 5, raw: '5', attempts: 1 },
        delivery: { value: 4, raw: 'four', attempts: 1 },
        product_quality: { value: 5 },
        value: { value: 4 },
        nps: { value: 7 },
      },
    });
    expect(Date.parse(responses[0]!.completedAt as string)).toBeGreaterThanOrEqual(Date.parse(responses[0]!.startedAt as string));
  });

  it('shows a half-finished survey as in_progress with the answers given so far', async () => {
    await turn('conv-half', { type: 'message', text: 'hi' }, 2);
    await turn('conv-half', { type: 'message', text: '3' }, 1);
    const res = await fetch(`${bot.url}/api/responses`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const { responses } = (await res.json()) as { responses: { status: string; answers: Record<string, { value: unknown }> }[] };
    const half = responses.find((r) => r.status === 'in_progress');
    expect(half?.answers).toEqual({ csat: expect.objectContaining({ value: 3, raw: '3', attempts: 1 }) });
  });

  it('filters responses by survey and date, and refuses a bad date', async () => {
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const none = await fetch(`${bot.url}/api/responses?surveyId=other`, { headers: auth });
    expect(((await none.json()) as { responses: unknown[] }).responses).toEqual([]);
    const future = await fetch(`${bot.url}/api/responses?from=2999-01-01`, { headers: auth });
    expect(((await future.json()) as { responses: unknown[] }).responses).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    const bounded = await fetch(`${bot.url}/api/responses?from=2000-01-01&to=${today}`, { headers: auth });
    expect(((await bounded.json()) as { responses: unknown[] }).responses.length).toBeGreaterThan(0);
    const bad = await fetch(`${bot.url}/api/responses?from=yesterday`, { headers: auth });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: { code: 'BAD_QUERY', message: expect.stringContaining('from'), requestId: expect.any(String) } });
  });

  it.each([
    ['no token', {}],
    ['a wrong token', { authorization: 'Bearer nope' }],
    ['a malformed header', { authorization: ADMIN_TOKEN }],
  ])('answers 401 to the responses API with %s', async (_name, headers) => {
    const res = await fetch(`${bot.url}/api/responses`, { headers });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
  });

  it('answers 400 to bad JSON, and keeps serving', async () => {
    const res = await post('{"type": "message", ', true);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'BAD_JSON', message: 'The request body is not valid JSON.', requestId: expect.any(String) } });
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });

  it.each([
    ['an empty object', {}],
    ['an array', [1, 2]],
    ['no conversation', { type: 'message', channelId: 'x', serviceUrl: 'http://127.0.0.1:1' }],
    ['a serviceUrl that is not a URL', { type: 'message', channelId: 'x', serviceUrl: 'nope', conversation: { id: 'c' } }],
  ])('answers 400 to %s, naming what is wrong', async (_name, body) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: { code: string; message: string } };
    expect(json.error.code).toBe('BAD_ACTIVITY');
  });

  it('refuses to reply to a non-loopback serviceUrl when unauthenticated (403), sending nothing', async () => {
    const before = (await satisfy.stores.responses.list({})).length;
    const res = await post({ ...activity('conv-ssrf', { type: 'message', text: 'hi' }), serviceUrl: 'http://169.254.169.254/latest' });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('SERVICE_URL_NOT_ALLOWED');
    expect(await satisfy.stores.responses.list({})).toHaveLength(before);
  });

  it('answers 413 to a body over the limit', async () => {
    const res = await post(activity('conv-big', { type: 'message', text: 'x'.repeat(300 * 1024) }));
    expect(res.status).toBe(413);
  });

  it('takes odd Unicode in a message without failing', async () => {
    await turn('conv-odd', { type: 'message', text: 'hi' }, 2);
    const got = await turn('conv-odd', { type: 'message', text: '\u202e\ud800４\u200b' }, 1);
    expect(texts(got)[0]).toContain('delivery');
  });

  // SurveyBot sends messages and events straight to its turn; the other activity types keep
  // ActivityHandler's answers.
  it('says nothing to a conversationUpdate, typing or unknown event, and answers an invoke 501', async () => {
    for (const extra of [
      { type: 'conversationUpdate', membersAdded: [{ id: 'user-1' }, { id: 'bot' }] },
      { type: 'typing' },
      { type: 'event', name: 'something.else', value: { a: 1 } },
      { type: 'messageReaction', reactionsAdded: [{ type: 'like' }] },
    ]) {
      const res = await post(activity('conv-other-types', extra));
      expect(res.status).toBe(200);
    }
    const invoke = await post(activity('conv-other-types', { type: 'invoke', name: 'some/invoke', value: {} }));
    expect(invoke.status).toBe(501);
    expect(connector.received).toHaveLength(0);
    // None of them started a survey: the first message still gets the greeting and question.
    const first = await turn('conv-other-types', { type: 'message', text: 'hi' }, 2);
    expect(texts(first)[1]).toContain('1');
    const next = await turn('conv-other-types', { type: 'message', text: '5' }, 1);
    expect(texts(next)[0]).toContain('delivery');
  });

  it('answers an expectReplies turn with its replies in the response body, sending none to the connector', async () => {
    const res = await post(activity('conv-expect-replies', { type: 'message', text: 'hi', deliveryMode: 'expectReplies' }));
    expect(res.status).toBe(200);
    const { activities } = (await res.json()) as { activities: { type: string; text: string }[] };
    expect(activities).toHaveLength(2);
    expect(activities[1]!.text).toContain('1');
    expect(connector.received).toHaveLength(0);
  });

  it('serves /healthz', async () => {
    const res = await fetch(`${bot.url}/healthz`);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});
