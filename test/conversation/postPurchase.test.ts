import type { Activity } from 'botbuilder';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import type { CompiledScript } from '../../src/core/script/compiled.js';
import { createTestApp } from '../support/app.js';
import { FakeClock } from '../support/scripts.js';
import { BotDriver } from '../support/BotDriver.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import type { ResponseStore } from '../../src/core/ports.js';
import { answerValues } from '../support/answers.js';
import { catalog } from '../support/scripts.js';

/** Every sample escalation is high priority (60 minutes by default) except the detractor. */
const WAIT: Record<string, string> = { en: 'within 60 minutes', 'zh-CN': '60分钟内', es: 'en menos de 60 minutos' };

/** The real store, except that one method fails the first time: a process dying mid-turn. */
function failingOnce(store: ResponseStore, method: 'recordAnswer'): ResponseStore {
  let failed = false;
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop !== method || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
      return async (...args: unknown[]) => {
        if (!failed) {
          failed = true;
          throw new Error('injected failure');
        }
        return (value as (...a: unknown[]) => Promise<void>).apply(target, args);
      };
    },
  });
}

type Step = [questionId: string, how: 'type' | 'click', input: string];

interface Scenario {
  locale: string;
  steps: Step[];
  answers: Record<string, unknown>;
  ending: string;
  escalations: string[];
}

/** The sample survey end to end, per locale, once by typing and once by clicking. */
const SCENARIOS: Record<string, Scenario> = {
  'en typed, happy': {
    locale: 'en',
    steps: [['csat', 'type', 'very satisfied'], ['delivery', 'type', '4'], ['product_quality', 'type', '⭐⭐⭐⭐⭐'], ['value', 'type', 'four'], ['nps', 'type', '9/10'], ['liked', 'type', 'Fast delivery and lovely packaging']],
    answers: { csat: 5, delivery: 4, product_quality: 5, value: 4, nps: 9, liked: 'Fast delivery and lovely packaging' },
    ending: 'happy',
    escalations: [],
  },
  'en clicked, unhappy': {
    locale: 'en',
    steps: [['csat', 'click', '2'], ['delivery', 'click', '1'], ['product_quality', 'click', '3'], ['value', 'click', '2'], ['improve', 'type', 'The box arrived crushed'], ['nps', 'click', '4'], ['detractor_reason', 'click', 'Delivery'], ['contact_ok', 'click', 'Yes']],
    answers: { csat: 2, delivery: 1, product_quality: 3, value: 2, improve: 'The box arrived crushed', nps: 4, detractor_reason: 'delivery', contact_ok: true },
    ending: 'callback',
    escalations: ['low_csat', 'angry_comment', 'detractor'],
  },
  'zh-CN typed, unhappy': {
    locale: 'zh-CN',
    steps: [['csat', 'type', '一般'], ['delivery', 'type', '我给4分'], ['product_quality', 'type', '四'], ['value', 'type', '非常满意'], ['improve', 'type', '包装有点差，想退款'], ['nps', 'type', '十'], ['liked', 'type', '跳过']],
    answers: { csat: 3, delivery: 4, product_quality: 4, value: 5, improve: '包装有点差，想退款', nps: 10, liked: null },
    ending: 'unhappy',
    escalations: ['refund_mentioned', 'angry_comment'],
  },
  'zh-CN clicked, happy': {
    locale: 'zh-CN',
    steps: [['csat', 'click', '5'], ['delivery', 'click', '5'], ['product_quality', 'click', '4'], ['value', 'click', '4'], ['nps', 'click', '8']],
    answers: { csat: 5, delivery: 5, product_quality: 4, value: 4, nps: 8 },
    ending: 'happy',
    escalations: [],
  },
  'es typed, detractor': {
    locale: 'es',
    steps: [['csat', 'type', 'dos'], ['delivery', 'type', 'muy malo'], ['product_quality', 'type', '3'], ['value', 'type', 'regular'], ['improve', 'type', 'Llegó roto y quiero un reembolso'], ['nps', 'type', '2 de 10'], ['detractor_reason', 'type', 'la segunda'], ['contact_ok', 'type', 'no, gracias']],
    answers: { csat: 2, delivery: 1, product_quality: 3, value: 3, improve: 'Llegó roto y quiero un reembolso', nps: 2, detractor_reason: 'product_quality', contact_ok: false },
    ending: 'unhappy',
    escalations: ['low_csat', 'refund_mentioned', 'angry_comment', 'detractor'],
  },
  'es clicked, happy with skip': {
    locale: 'es',
    steps: [['csat', 'click', '4'], ['delivery', 'click', '5'], ['product_quality', 'click', '5'], ['value', 'click', '4'], ['nps', 'click', '10'], ['liked', 'click', 'Omitir']],
    answers: { csat: 4, delivery: 5, product_quality: 5, value: 4, nps: 10, liked: null },
    ending: 'happy',
    escalations: [],
  },
};

describe('the sample post-purchase survey through SurveyBot', () => {
  let satisfy: SatisfyApp;
  let script: CompiledScript;

  beforeEach(async () => {
    satisfy = await createTestApp();
    script = await satisfy.scripts.published('post-purchase');
  });

  it.each(Object.entries(SCENARIOS))('%s', async (_name, s) => {
    const customer = new BotDriver(satisfy.bot, { locale: s.locale });
    await customer.start({ surveyId: 'post-purchase', locale: s.locale, customer: { id: 'c-42', name: 'Sam' }, order: { id: 'A-1001', items: [{ name: 'Teapot' }] } });
    expect(customer.texts()[0]).toBe(script.intro![s.locale]!.replace(/\{\{customer\.name\|[^}]*\}\}/, 'Sam'));

    for (const [questionId, how, input] of s.steps) {
      expect(customer.currentQuestion(), `before answering ${questionId}`).toBe(questionId);
      if (how === 'click') await customer.click(input);
      else await customer.send(input);
    }
    const ending = script.endings.find((e) => e.id === s.ending)!;
    const texts = customer.texts();
    const endOf = (a: Partial<Activity> | undefined) => (a?.channelData as { satisfy?: { end?: unknown } } | undefined)?.satisfy?.end;
    const endMarker = { status: 'completed', help: catalog[s.locale]!['survey.help_person'] };
    // A customer who said No to being contacted (contact_ok) is not handed over.
    if (s.escalations.length && (s.answers as Record<string, unknown>).contact_ok !== false) {
      // An unhappy customer hears the ending, then that a person will join the chat: the chat
      // stays open for them (no end marker on the last message).
      expect(texts.at(-2)).toBe(ending.text[s.locale]);
      expect(texts.at(-1)).toBe(catalog[s.locale]!['handoff.waiting']!.replace('{wait}', WAIT[s.locale]!));
      expect(endOf(customer.replies.at(-2))).toEqual(endMarker);
      expect(endOf(customer.replies.at(-1))).toBeUndefined();
    } else {
      expect(texts.at(-1)).toBe(ending.text[s.locale]);
      expect(endOf(customer.replies.at(-1))).toEqual(endMarker);
    }
    expect(customer.replies.slice(0, -2).filter((a) => endOf(a) !== undefined)).toEqual([]);

    const [response] = await satisfy.stores.responses.list({ surveyId: 'post-purchase' });
    expect(response).toMatchObject({ status: 'completed', locale: s.locale, customerId: 'c-42', orderId: 'A-1001', channel: 'test', endingId: s.ending });
    const values = answerValues(response);
    expect(values).toEqual(s.answers);
    expect(response!.escalations.map((e) => e.ruleId)).toEqual(s.escalations);
    const cases = await satisfy.stores.cases.list(10);
    expect(cases.map((c) => c.triggers.map((t) => t.ruleId))).toEqual(s.escalations.length ? [s.escalations] : []);
  });

  it('shows the scale labels in the text and the buttons as suggested actions', async () => {
    const customer = new BotDriver(satisfy.bot, { locale: 'es' });
    await customer.start({ locale: 'es' });
    const question = customer.replies.at(-1)!;
    expect(question.text).toBe('En general, ¿qué tan satisfecho estás con tu pedido?\n\n1 = Muy insatisfecho · 5 = Muy satisfecho');
    expect(customer.actions().map((a) => a.title)).toEqual(['1', '2', '3', '4', '5']);
  });

  it('starts the default survey on the first message, in the activity locale', async () => {
    const customer = new BotDriver(satisfy.bot, { locale: 'zh-CN' });
    await customer.send('你好');
    expect(customer.currentQuestion()).toBe('csat');
    expect(customer.texts()[0]).toContain('感谢您的购买');
  });

  it('uses DEFAULT_LOCALE when neither survey.start nor the channel names a locale', async () => {
    const spanish = await createTestApp({ DEFAULT_LOCALE: 'es' });
    const customer = new BotDriver(spanish.bot);
    await customer.send('hola');
    expect(customer.texts()[0]).toContain('Gracias por tu compra');
  });

  it('says the survey is done when a finished customer writes again, without restarting', async () => {
    const customer = new BotDriver(satisfy.bot);
    await customer.start();
    await customer.send('4');
    await customer.send('stop');
    expect(customer.texts()).toEqual(["Understood, I won't ask you anything more. Thank you for your time, and sorry for the bother."]);
    expect(customer.replies.at(-1)?.channelData).toEqual({
      satisfy: { type: 'message', text: customer.texts()[0], end: { status: 'opted_out', help: 'Need help? Talk to a person' } },
    });
    await customer.send('hello?');
    expect(customer.texts()).toEqual(["You've opted out of this survey, so I won't ask you anything more. Thank you! If you need help, just say you'd like to talk to a person."]);
    const [response] = await satisfy.stores.responses.list({});
    expect(response?.status).toBe('opted_out');
  });

  it('drops a redelivered activity (same id) instead of answering twice', async () => {
    const customer = new BotDriver(satisfy.bot);
    await customer.start();
    await customer.send({ type: 'message', text: '4', id: 'dup-1' });
    expect(customer.currentQuestion()).toBe('delivery');
    const again = await customer.send({ type: 'message', text: '4', id: 'dup-1' });
    expect(again).toEqual([]);
    const [response] = await satisfy.stores.responses.list({});
    expect(Object.keys(response!.answers)).toEqual(['csat']);
  });

  it('answers once when the same activity arrives twice at the same time (a retry racing the original)', async () => {
    const customer = new BotDriver(satisfy.bot);
    await customer.start();
    const activity = { type: 'message', text: '4', id: 'race-1' };
    await Promise.all([customer.adapter.receiveActivity({ ...activity }), customer.adapter.receiveActivity({ ...activity })]);
    const replies = customer.adapter.activeQueue.splice(0);
    expect(replies.filter((r) => (r.channelData as { satisfy?: { questionId?: string } })?.satisfy?.questionId === 'delivery')).toHaveLength(1);
    const [response] = await satisfy.stores.responses.list({});
    expect(response!.answers.csat).toMatchObject({ value: 4, attempts: 1 });
  });

  it('takes two different messages racing on one conversation in turn, losing neither', async () => {
    const customer = new BotDriver(satisfy.bot);
    await customer.start();
    await Promise.all([customer.adapter.receiveActivity({ type: 'message', text: '4' }), customer.adapter.receiveActivity({ type: 'message', text: '2' })]);
    const [response] = await satisfy.stores.responses.list({});
    expect(Object.values(response!.answers).map((a) => a.value).sort()).toEqual([2, 4]);
    expect(Object.keys(response!.answers).sort()).toEqual(['csat', 'delivery']);
  });

  it('keeps an answer whose recording failed after the state was saved: the survey goes on, the answer is recorded', async () => {
    const stores = memoryStores();
    const flaky = await createTestApp({}, { stores: { ...stores, responses: failingOnce(stores.responses, 'recordAnswer') } });
    const customer = new BotDriver(flaky.bot);
    await customer.start();
    // The answer is safe in the saved state: the customer is asked the next question, not told to resend.
    await customer.send('4');
    expect(customer.currentQuestion()).toBe('delivery');
    await customer.send('5');
    expect((await stores.responses.list({}))[0]?.answers).toMatchObject({ csat: { value: 4 }, delivery: { value: 5 } });
  });

  it('closes a survey left past its expiry as abandoned and politely starts again', async () => {
    const clock = new FakeClock();
    const timed = await createTestApp({}, { clock, stores: memoryStores(clock) });
    const customer = new BotDriver(timed.bot);
    await customer.start({ order: { id: 'old' } });
    await customer.send('4');
    clock.advance(73 * 3600_000);
    await customer.send('hello?');
    expect(customer.texts().slice(0, 2)).toEqual(["Your earlier survey has expired, so let's start again.", expect.stringContaining('Thanks for shopping with us')]);
    expect(customer.currentQuestion()).toBe('csat');
    const responses = await timed.stores.responses.list({});
    // The survey started again is a response once it is answered.
    expect(responses.map((r) => [r.orderId, r.status, Object.keys(r.answers)])).toEqual([['old', 'abandoned', ['csat']]]);
    await customer.send('5');
    const after = await timed.stores.responses.list({});
    expect(after.map((r) => [r.orderId, r.status, Object.keys(r.answers)])).toEqual([['old', 'abandoned', ['csat']], ['old', 'in_progress', ['csat']]]);
  });

  it('abandons the running survey when a new survey.start arrives', async () => {
    const customer = new BotDriver(satisfy.bot);
    await customer.start({ order: { id: 'first' } });
    await customer.send('3');
    await customer.start({ order: { id: 'second' } });
    await customer.send('4');
    const responses = await satisfy.stores.responses.list({});
    expect(responses.map((r) => [r.orderId, r.status])).toEqual([['first', 'abandoned'], ['second', 'in_progress']]);
  });

  it('refuses a bad survey.start with an error event, changing nothing', async () => {
    const customer = new BotDriver(satisfy.bot);
    await customer.start({ surveyId: 'no-such-survey' });
    expect(customer.replies).toEqual([expect.objectContaining({ type: 'event', name: 'survey.error', value: expect.objectContaining({ code: 'SURVEY_NOT_FOUND' }) })]);
    await customer.start({ customer: 'not an object' });
    expect(customer.replies[0]?.value).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('customer') });
    expect(await satisfy.stores.responses.list({})).toEqual([]);
  });
});
