import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { createTestApp } from '../support/app.js';
import { FakeSlack, SIGNING_SECRET, slackRequest, slackMessageEvent } from '../support/fakeSlack.js';
import { listen, type Listening } from '../support/http.js';
import { DIALOGS_DIR } from '../support/scripts.js';
import { answerValues } from '../support/answers.js';

interface Button {
  type: string;
  action_id: string;
  value: string;
  text: { text: string };
}

type Blocks = { type: string; block_id?: string; elements?: Button[]; text?: { text: string } }[];

let satisfy: SatisfyApp;
let server: Listening;
let slack: FakeSlack;
let seq = 0;
let dialogs: string;

beforeAll(async () => {
  slack = await new FakeSlack().start();
  slack.users.set('UES', { locale: 'es-ES', name: 'lucia' });
  slack.users.set('UEN', { locale: 'en-US', name: 'sam' });
  slack.users.set('UEN2', { locale: 'en-GB', name: 'kim' });
  slack.users.set('UES2', { locale: 'es-MX', name: 'pablo' });
  // The sample survey plus a small one with a multiple choice, which the sample has not.
  dialogs = await mkdtemp(join(tmpdir(), 'satisfy-slack-dialogs-'));
  await copyFile(join(DIALOGS_DIR, 'post-purchase.yaml'), join(dialogs, 'post-purchase.yaml'));
  await writeFile(join(dialogs, 'extras.yaml'), EXTRAS);
  satisfy = await createTestApp(
    { SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, DIALOGS_DIR: dialogs },
    { stores: memoryStores() },
  );
  server = await listen(satisfy.app, satisfy.attach);
});

afterAll(async () => {
  await server.close();
  await satisfy.close();
  await slack.close();
  await rm(dialogs, { recursive: true, force: true });
});

const EXTRAS = `
id: extras
title: { en: Extras }
defaultLocale: en
locales: [en]
questions:
  - id: liked
    type: choice
    multiple: true
    text: { en: What did you like? }
    options:
      - { id: speed, label: { en: Speed } }
      - { id: price, label: { en: Price } }
      - { id: staff, label: { en: Staff } }
endings:
  - { id: done, text: { en: "Noted: {{liked}}." } }
`;

/** A person in a Slack DM: types messages (events) and presses buttons (block_actions). */
class SlackCustomer {
  constructor(readonly userId: string) {}

  get channel(): string {
    return `D${this.userId}`;
  }

  posted(): { text: string; blocks: Blocks }[] {
    return slack
      .of('chat.postMessage')
      .filter((c) => c.args.channel === this.channel)
      .map((c) => ({ text: String(c.args.text), blocks: c.args.blocks as Blocks }));
  }

  lastText(): string {
    return this.posted().at(-1)?.text ?? '';
  }

  /** Resolves once `count` more messages were posted to this DM. */
  async expectMessages(before: number, count: number): Promise<string[]> {
    const deadline = Date.now() + 10_000;
    while (this.posted().length < before + count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} new messages in ${this.channel}, got ${JSON.stringify(this.posted().slice(before).map((m) => m.text))}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.posted().slice(before).map((m) => m.text);
  }

  async type(text: string, replies = 1, eventId = `Ev${++seq}`): Promise<string[]> {
    const before = this.posted().length;
    const body = slackMessageEvent({ eventId: eventId, channel: this.channel, user: this.userId, text });
    const res = await slackRequest(server.url, body, 'application/json');
    expect(res.status).toBe(200);
    return this.expectMessages(before, replies);
  }

  buttons(): Button[] {
    const question = this.posted().findLast((m) => m.blocks.some((b) => b.type === 'actions'));
    return question?.blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []).filter((e) => e.type === 'button') ?? [];
  }

  async click(label: string, replies = 1, button = this.buttons().find((b) => b.text.text === label)): Promise<string[]> {
    if (!button) throw new Error(`no button "${label}" in ${JSON.stringify(this.buttons().map((b) => b.text.text))}`);
    const before = this.posted().length;
    const payload = {
      type: 'block_actions',
      user: { id: this.userId },
      channel: { id: this.channel },
      trigger_id: `trigger-${++seq}`,
      message: { ts: '1700000000.000001' },
      actions: [{ type: 'button', action_id: button.action_id, block_id: 'b', value: button.value, text: { type: 'plain_text', text: button.text.text }, action_ts: `${Date.now()}` }],
    };
    const res = await slackRequest(server.url, `payload=${encodeURIComponent(JSON.stringify(payload))}`, 'application/x-www-form-urlencoded');
    expect(res.status).toBe(200);
    return replies ? this.expectMessages(before, replies) : [];
  }
}

async function responseOf(customerId: string) {
  return (await satisfy.stores.responses.list({})).find((r) => r.customerId === customerId);
}


describe('surveys in Slack DMs', () => {
  it('runs the whole sample survey by button clicks in English, marking each question answered', async () => {
    const sam = new SlackCustomer('UEN');
    await satisfy.slack!.startSurvey({ slackUserId: 'UEN', order: { id: 'S-1' } });
    await sam.expectMessages(0, 2);
    expect(sam.posted()[0]?.text).toContain("Hi there! Thanks for shopping with us");
    expect(sam.buttons().map((b) => b.text.text)).toEqual(['⭐', '⭐⭐', '⭐⭐⭐', '⭐⭐⭐⭐', '⭐⭐⭐⭐⭐']);
    const updates = slack.of('chat.update').length;
    await sam.click('⭐⭐⭐⭐⭐');
    // The answered question is redrawn after the next one is posted: wait for it.
    const update = (await slack.waitFor('chat.update', updates + 1)).at(-1)!;
    expect(update.args).toMatchObject({ channel: 'DUEN', text: expect.stringContaining('— ⭐⭐⭐⭐⭐') });
    expect((update.args.blocks as Blocks).some((b) => b.type === 'actions')).toBe(false);
    await sam.click('⭐⭐⭐⭐');
    await sam.click('⭐⭐⭐⭐⭐');
    await sam.click('⭐⭐⭐⭐');
    const nps = sam.posted().at(-1)!;
    const rows = nps.blocks.filter((b) => b.type === 'actions').map((b) => b.elements!.map((e) => e.text.text));
    expect(rows).toEqual([['0', '1', '2', '3', '4', '5'], ['6', '7', '8', '9', '10']]);
    expect(nps.blocks.find((b) => b.type === 'context')).toBeDefined();
    await sam.click('9');
    await sam.click('Skip');
    expect(sam.lastText()).toContain("We're glad you're happy");
    const response = await responseOf('UEN');
    expect(response).toMatchObject({ status: 'completed', channel: 'slack', locale: 'en', orderId: 'S-1' });
    expect(answerValues(response)).toEqual({ csat: 5, delivery: 4, product_quality: 5, value: 4, nps: 9, liked: null });
  });

  it('runs the whole sample survey by typing in Spanish, from the Slack locale', async () => {
    const lucia = new SlackCustomer('UES');
    await satisfy.slack!.startSurvey({ slackUserId: 'UES', order: { id: 'S-2' } });
    await lucia.expectMessages(0, 2);
    expect(lucia.posted()[0]?.text).toContain('Gracias por tu compra');
    for (const answer of ['dos', 'muy malo', '3', 'regular', 'Llegó roto <@U999> & quiero un reembolso', '2 de 10', 'la segunda']) await lucia.type(answer);
    await lucia.type('sí');
    expect(lucia.posted().map((p) => p.text).join('\n')).toContain('Sentimos que no haya sido mejor y queremos arreglarlo');
    // The survey raised a case, so the customer is told a person will join this DM.
    expect(lucia.lastText()).toContain('Una persona de nuestro equipo de atención se unirá a este chat');
    const response = await responseOf('UES');
    expect(response).toMatchObject({ status: 'completed', locale: 'es', channel: 'slack', endingId: 'callback' });
    expect(answerValues(response)).toMatchObject({ csat: 2, delivery: 1, product_quality: 3, value: 3, nps: 2, detractor_reason: 'product_quality', contact_ok: true });
    expect(response!.answers.improve?.value).toBe('Llegó roto <@U999> & quiero un reembolso');
    // A customer's text is escaped in Block Kit, so it cannot mention or link anyone.
    const echoed = slack.of('chat.update').filter((c) => c.args.channel === 'DUES').map((c) => JSON.stringify(c.args.blocks));
    expect(echoed.some((b) => b.includes('&lt;@U999&gt; &amp; quiero'))).toBe(true);
  });

  it('runs by clicks in Spanish and by typing in English too', async () => {
    const pablo = new SlackCustomer('UES2');
    await satisfy.slack!.startSurvey({ slackUserId: 'UES2' });
    await pablo.expectMessages(0, 2);
    for (const label of ['⭐⭐⭐⭐', '⭐⭐⭐⭐', '⭐⭐⭐⭐', '⭐⭐⭐⭐', '10']) await pablo.click(label);
    await pablo.type('Todo perfecto');
    expect(answerValues(await responseOf('UES2'))).toEqual({ csat: 4, delivery: 4, product_quality: 4, value: 4, nps: 10, liked: 'Todo perfecto' });

    const kim = new SlackCustomer('UEN2');
    await satisfy.slack!.startSurvey({ slackUserId: 'UEN2' });
    await kim.expectMessages(0, 2);
    for (const answer of ['very satisfied', 'four', '⭐⭐⭐', 'not bad', '8 out of 10']) await kim.type(answer);
    expect(kim.lastText()).toContain("We're glad");
    expect(answerValues(await responseOf('UEN2'))).toEqual({ csat: 5, delivery: 4, product_quality: 3, value: 4, nps: 8 });
  });

  it('takes a multiple choice from checkboxes and the send button', async () => {
    const ida = new SlackCustomer('UIDA');
    await satisfy.slack!.startSurvey({ slackUserId: 'UIDA', surveyId: 'extras' });
    await ida.expectMessages(0, 1);
    const question = ida.posted().at(-1)!;
    const row = question.blocks.find((b) => b.block_id === 'satisfy:multi')!;
    const [checkboxes, send] = row.elements! as unknown as [{ type: string; options: { value: string; text: { text: string } }[] }, Button];
    expect(checkboxes.type).toBe('checkboxes');
    expect(send.text.text).toBe('Send');
    const before = ida.posted().length;
    const picked = checkboxes.options.filter((o) => o.value !== 'price');
    const payload = {
      type: 'block_actions',
      user: { id: 'UIDA' },
      channel: { id: ida.channel },
      trigger_id: `trigger-${++seq}`,
      state: { values: { 'satisfy:multi': { 'satisfy:multi:toggle': { type: 'checkboxes', selected_options: picked } } } },
      actions: [{ type: 'button', action_id: send.action_id, block_id: 'satisfy:multi', value: send.value, text: send.text, action_ts: '1' }],
    };
    await slackRequest(server.url, `payload=${encodeURIComponent(JSON.stringify(payload))}`, 'application/x-www-form-urlencoded');
    await ida.expectMessages(before, 1);
    expect(ida.lastText()).toBe('Noted: Speed and Staff.');
    expect((await responseOf('UIDA'))!.answers.liked).toMatchObject({ value: ['speed', 'staff'], raw: '["speed","staff"]' });
  });

  it('answers a redelivered event (a retry) once', async () => {
    const zoe = new SlackCustomer('UZOE');
    await satisfy.slack!.startSurvey({ slackUserId: 'UZOE' });
    await zoe.expectMessages(0, 2);
    await zoe.type('3', 1, 'EvRetry');
    const before = zoe.posted().length;
    const body = slackMessageEvent({ eventId: 'EvRetry', channel: zoe.channel, user: 'UZOE', text: '3', ts: '1.1' });
    const retry = await slackRequest(server.url, body, 'application/json', { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect(retry.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(zoe.posted().length).toBe(before);
    expect(Object.keys((await responseOf('UZOE'))!.answers)).toEqual(['csat']);
  });

  it('ignores a second click on an old question: the stored answer stays', async () => {
    const max = new SlackCustomer('UMAX');
    await satisfy.slack!.startSurvey({ slackUserId: 'UMAX' });
    await max.expectMessages(0, 2);
    const oldButtons = max.buttons();
    await max.click('⭐⭐');
    await max.click('⭐', 2, oldButtons[0]);
    expect(max.posted().at(-2)?.text).toContain('already been answered');
    expect((await responseOf('UMAX'))!.answers.csat?.value).toBe(2);
  });

  it('refuses a bad signature and a stale timestamp with 401, changing nothing', async () => {
    const before = slack.calls.length;
    const body = slackMessageEvent({ eventId: 'EvBad', channel: 'DUBAD', user: 'UBAD', text: 'hi', ts: '1.2' });
    expect((await slackRequest(server.url, body, 'application/json', { secret: 'wrong-secret' })).status).toBe(401);
    expect((await slackRequest(server.url, body, 'application/json', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })).status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(slack.calls.length).toBe(before);
    expect(await responseOf('UBAD')).toBeUndefined();
  });

  it('refuses a request correctly signed for more than five minutes in the future (a replay for later)', async () => {
    const before = slack.calls.length;
    const body = slackMessageEvent({ eventId: 'EvFuture', channel: 'DUFUT', user: 'UFUT', text: 'hi', ts: '1.3' });
    const res = await slackRequest(server.url, body, 'application/json', { timestamp: Math.floor(Date.now() / 1000) + 4000 });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('STALE_REQUEST');
    await new Promise((r) => setTimeout(r, 200));
    expect(slack.calls.length).toBe(before);
    expect(await responseOf('UFUT')).toBeUndefined();
  });

  it('answers Slack URL verification', async () => {
    const res = await slackRequest(server.url, JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 't' }), 'application/json');
    expect(await res.json()).toEqual({ challenge: 'abc123' });
  });

  it('starts a survey for the named user with /survey', async () => {
    const body = new URLSearchParams({ command: '/survey', text: 'post-purchase <@UNAMED|ana>', user_id: 'USTAFF', channel_id: 'C1', team_id: 'T1', trigger_id: `cmd-${++seq}`, response_url: 'http://127.0.0.1:1/unused' }).toString();
    const res = await slackRequest(server.url, body, 'application/x-www-form-urlencoded');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ response_type: 'ephemeral', text: 'Sending the "post-purchase" survey to <@UNAMED>.' });
    const ana = new SlackCustomer('UNAMED');
    await ana.expectMessages(0, 2);
    expect(slack.of('conversations.open').at(-1)?.args.users).toBe('UNAMED');
    // Slack's retry of the same command (same trigger) starts nothing more: only the
    // de-duplication at the Slack edge can tell, since a start always makes a new turn.
    const opens = slack.of('conversations.open').length;
    const retry = await slackRequest(server.url, body, 'application/x-www-form-urlencoded', { headers: { 'x-slack-retry-num': '1' } });
    expect(retry.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(slack.of('conversations.open').length).toBe(opens);
    expect(ana.posted()).toHaveLength(2);
    const unknown = new URLSearchParams({ command: '/survey', text: 'nope', user_id: 'USTAFF', trigger_id: `cmd-${++seq}` }).toString();
    expect(await (await slackRequest(server.url, unknown, 'application/x-www-form-urlencoded')).json()).toEqual({ response_type: 'ephemeral', text: 'There is no published survey "nope".' });
  });
});
