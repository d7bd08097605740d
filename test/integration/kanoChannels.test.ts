import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promptModel, type PromptQuestion } from '../../web/shared/renderPrompt.js';
import type { SatisfyApp } from '../../src/app.js';
import type { WebchatActivitySet, WebchatOutgoing } from '../../src/core/api/webchat.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { answerValues } from '../support/answers.js';
import { createTestApp } from '../support/app.js';
import { FakeSlack, SIGNING_SECRET, slackRequest, slackMessageEvent } from '../support/fakeSlack.js';
import { listen, type Listening } from '../support/http.js';

/**
 * The sample Kano survey (dialogs/feature-check.yaml) over the real channels: the web chat as
 * the widget drives it (its own prompt model turns the question into buttons), and Slack DMs
 * with Block Kit buttons against a fake Web API.
 */
let satisfy: SatisfyApp;
let server: Listening;
let slack: FakeSlack;
let seq = 0;

beforeAll(async () => {
  slack = await new FakeSlack().start();
  slack.users.set('UKEN', { locale: 'en-US', name: 'ken' });
  slack.users.set('UKES', { locale: 'es-ES', name: 'eva' });
  satisfy = await createTestApp(
    { DEFAULT_SURVEY: 'feature-check', SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl },
    { stores: memoryStores() },
  );
  server = await listen(satisfy.app, satisfy.attach);
});

afterAll(async () => {
  await server.close();
  await satisfy.close();
  await slack.close();
});

async function responseOf(predicate: (r: { channel: string; customerId: string | null }) => boolean) {
  return (await satisfy.stores.responses.list({ surveyId: 'feature-check' })).find(predicate);
}

/** A web chat customer doing what the widget does: its prompt model's buttons, or the text box. */
class WidgetCustomer {
  conversationId = '';
  token = '';
  private shown = 0;
  private n = 0;

  async open(locale: string): Promise<this> {
    const res = await fetch(`${server.url}/webchat/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ locale }) });
    expect(res.status).toBe(200);
    Object.assign(this, await res.json());
    return this;
  }

  private async activities(): Promise<WebchatActivitySet['activities']> {
    const res = await fetch(`${server.url}/v3/directline/conversations/${this.conversationId}/activities`, { headers: { authorization: `Bearer ${this.token}` } });
    expect(res.status).toBe(200);
    return ((await res.json()) as WebchatActivitySet).activities;
  }

  /** The bot's messages since the last call: texts, and the last question with its model. */
  async newFromBot(): Promise<{ texts: string[]; question?: PromptQuestion }> {
    const all = (await this.activities()).filter((a) => a.from?.role === 'bot');
    const fresh = all.slice(this.shown);
    this.shown = all.length;
    const question = fresh.map((a) => a.channelData?.satisfy).findLast((o) => o?.type === 'question');
    return { texts: fresh.map((a) => a.text ?? ''), ...(question?.type === 'question' ? { question: question as PromptQuestion } : {}) };
  }

  private async post(body: Omit<WebchatOutgoing, 'type' | 'from' | 'channelData'>): Promise<void> {
    const activity: WebchatOutgoing = { type: 'message', from: { id: 'me' }, channelData: { clientActivityID: `c-${++this.n}` }, ...body };
    const res = await fetch(`${server.url}/v3/directline/conversations/${this.conversationId}/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: JSON.stringify(activity),
    });
    expect(res.status).toBe(200);
  }

  type(text: string, locale: string): Promise<void> {
    return this.post({ text, locale });
  }

  /** Presses the button labelled `label` in the widget's model of `question`. */
  click(question: PromptQuestion, label: string, locale: string): Promise<void> {
    const model = promptModel(question, { send: 'Send', skip: 'Skip', ofMax: (n, max) => `${n}/${max}` });
    if (model.controls.kind !== 'single') throw new Error(`not a single choice: ${model.controls.kind}`);
    const button = model.controls.buttons.find((b) => b.label === label);
    if (!button) throw new Error(`no button "${label}" in ${JSON.stringify(model.controls.buttons.map((b) => b.label))}`);
    return this.post({ text: button.text, locale, value: { satisfy: { questionId: model.questionId, answer: button.value } } });
  }
}

describe('a Kano survey in the web chat', () => {
  it('runs by the widget\'s buttons in Spanish, then by typing', async () => {
    const eva = await new WidgetCustomer().open('es');
    let bot = await eva.newFromBot();
    expect(bot.texts[0]).toContain('Estamos pensando en dos servicios nuevos');
    expect(bot.question).toMatchObject({ questionId: 'gift_wrap', text: '¿Cómo te sentirías si ofreciéramos envoltorio de regalo gratis?' });
    const model = promptModel(bot.question!, { send: 'Enviar', skip: 'Omitir', ofMax: () => '' });
    expect(model.controls.kind === 'single' && model.controls.buttons.map((b) => b.label)).toEqual(['Me gustaría', 'Lo esperaría', 'Me da igual', 'Lo toleraría', 'No me gustaría']);
    expect(model.skip).toEqual({ label: 'Omitir' });

    await eva.click(bot.question!, 'Me gustaría', 'es');
    bot = await eva.newFromBot();
    expect(bot.question).toMatchObject({ questionId: 'gift_wrap.without', text: '¿Y cómo te sentirías si no ofreciéramos envoltorio de regalo gratis?' });
    await eva.click(bot.question!, 'Lo toleraría', 'es');
    bot = await eva.newFromBot();
    expect(bot.question?.questionId).toBe('live_tracking');

    await eva.type('lo espero', 'es');
    bot = await eva.newFromBot();
    expect(bot.question?.questionId).toBe('live_tracking.without');
    await eva.type('no sé', 'es');
    bot = await eva.newFromBot();
    expect(bot.texts[0]).toBe('Perdona, no te he entendido. Elige una de las opciones o escribe su número (del 1 al 5).');
    expect(bot.question).toMatchObject({ questionId: 'live_tracking.without', reask: true });
    await eva.type('No me gustaría nada', 'es');
    bot = await eva.newFromBot();
    expect(bot.texts.at(-1)).toBe('¡Gracias! Tus respuestas nos ayudan a decidir qué hacer a continuación.');

    const response = await responseOf((r) => r.channel === 'directline');
    expect(response).toMatchObject({ status: 'completed', locale: 'es' });
    expect(answerValues(response)).toEqual({ gift_wrap: ['like', 'tolerate'], live_tracking: ['expect', 'dislike'] });
    expect(response!.answers.gift_wrap?.raw).toBe('like / tolerate');
    expect(response!.answers.live_tracking?.raw).toBe('lo espero / No me gustaría nada');
  });
});

interface Button {
  type: string;
  action_id: string;
  value: string;
  text: { text: string };
}
type Blocks = { type: string; elements?: Button[] }[];

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

  async expectMessages(before: number, count: number): Promise<string[]> {
    const deadline = Date.now() + 10_000;
    while (this.posted().length < before + count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} new messages in ${this.channel}, got ${JSON.stringify(this.posted().slice(before).map((m) => m.text))}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.posted().slice(before).map((m) => m.text);
  }

  /** The answer buttons of the last question, row by row. */
  rows(): string[][] {
    const question = this.posted().findLast((m) => m.blocks.some((b) => b.type === 'actions'));
    return question?.blocks.filter((b) => b.type === 'actions').map((b) => (b.elements ?? []).map((e) => e.text.text)) ?? [];
  }

  async type(text: string): Promise<string[]> {
    const before = this.posted().length;
    const body = slackMessageEvent({ eventId: `EvK${++seq}`, channel: this.channel, user: this.userId, text });
    expect((await slackRequest(server.url, body, 'application/json')).status).toBe(200);
    return this.expectMessages(before, 1);
  }

  async click(label: string): Promise<string[]> {
    const question = this.posted().findLast((m) => m.blocks.some((b) => b.type === 'actions'));
    const button = question?.blocks.flatMap((b) => b.elements ?? []).find((e) => e.type === 'button' && e.text.text === label);
    if (!button) throw new Error(`no button "${label}" in ${JSON.stringify(this.rows())}`);
    const before = this.posted().length;
    const payload = {
      type: 'block_actions',
      user: { id: this.userId },
      channel: { id: this.channel },
      trigger_id: `trigger-k${++seq}`,
      actions: [{ type: 'button', action_id: button.action_id, block_id: 'b', value: button.value, text: { type: 'plain_text', text: label }, action_ts: `${Date.now()}` }],
    };
    expect((await slackRequest(server.url, `payload=${encodeURIComponent(JSON.stringify(payload))}`, 'application/x-www-form-urlencoded')).status).toBe(200);
    return this.expectMessages(before, 1);
  }
}

describe('a Kano survey in Slack DMs', () => {
  it('runs by buttons in English, marking each half answered as the next is posted', async () => {
    const ken = new SlackCustomer('UKEN');
    await satisfy.slack!.startSurvey({ slackUserId: 'UKEN', surveyId: 'feature-check' });
    await ken.expectMessages(0, 2);
    expect(ken.posted()[1]!.text).toBe('How would you feel if we offered free gift wrapping?');
    expect(ken.rows()).toEqual([["I'd like it", "I'd expect it", "I'm neutral", 'I could live with it', "I'd dislike it"], ['Skip']]);
    const updates = slack.of('chat.update').length;
    expect(await ken.click("I'd like it")).toEqual(['And how would you feel if we did not offer free gift wrapping?']);
    // The first half is redrawn with its answer and without buttons, so it cannot be pressed again.
    const update = (await slack.waitFor('chat.update', updates + 1)).at(-1)!;
    expect(update.args).toMatchObject({ channel: 'DUKEN', text: "How would you feel if we offered free gift wrapping? — I'd like it" });
    expect((update.args.blocks as Blocks).some((b) => b.type === 'actions')).toBe(false);
    await ken.click("I'm neutral");
    await ken.click('I could live with it');
    expect(await ken.click("I'd dislike it")).toEqual(['Thank you! Your answers help us decide what to build next.']);
    const response = await responseOf((r) => r.customerId === 'UKEN');
    expect(response).toMatchObject({ status: 'completed', channel: 'slack', locale: 'en' });
    expect(answerValues(response)).toEqual({ gift_wrap: ['like', 'neutral'], live_tracking: ['tolerate', 'dislike'] });
  });

  it('runs by typing in Spanish, from the Slack locale, with a skip on the second half', async () => {
    const eva = new SlackCustomer('UKES');
    await satisfy.slack!.startSurvey({ slackUserId: 'UKES', surveyId: 'feature-check' });
    await eva.expectMessages(0, 2);
    expect(eva.rows()[0]).toEqual(['Me gustaría', 'Lo esperaría', 'Me da igual', 'Lo toleraría', 'No me gustaría']);
    expect(await eva.type('1')).toEqual(['¿Y cómo te sentirías si no ofreciéramos envoltorio de regalo gratis?']);
    await eva.type('omitir');
    expect(eva.posted().at(-1)!.text).toBe('¿Cómo te sentirías si pudieras seguir tu paquete en un mapa hasta que llegue a tu puerta?');
    await eva.type('me da igual');
    await eva.type('me molestaría');
    expect(eva.posted().at(-1)!.text).toBe('¡Gracias! Tus respuestas nos ayudan a decidir qué hacer a continuación.');
    const response = await responseOf((r) => r.customerId === 'UKES');
    expect(response).toMatchObject({ status: 'completed', channel: 'slack', locale: 'es' });
    expect(answerValues(response)).toEqual({ gift_wrap: null, live_tracking: ['neutral', 'dislike'] });
  });
});
