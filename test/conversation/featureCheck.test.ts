import { beforeEach, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import type { CompiledScript } from '../../src/core/script/compiled.js';
import { answerValues } from '../support/answers.js';
import { createTestApp } from '../support/app.js';
import { BotDriver } from '../support/BotDriver.js';

type Step = [promptId: string, how: 'type' | 'click', input: string];

interface Scenario {
  locale: string;
  steps: Step[];
  answers: Record<string, unknown>;
}

/** The sample Kano survey end to end, per locale, by typing and by clicking. */
const SCENARIOS: Record<string, Scenario> = {
  'en typed': {
    locale: 'en',
    steps: [
      ['gift_wrap', 'type', "I'd love it"], ['gift_wrap.without', 'type', "I don't mind"],
      ['live_tracking', 'type', 'I expect it'], ['live_tracking.without', 'type', "I'd hate that"],
    ],
    answers: { gift_wrap: ['like', 'neutral'], live_tracking: ['expect', 'dislike'] },
  },
  'en clicked': {
    locale: 'en',
    steps: [
      ['gift_wrap', 'click', "I'd like it"], ['gift_wrap.without', 'click', "I'd dislike it"],
      ['live_tracking', 'click', 'Skip'],
    ],
    answers: { gift_wrap: ['like', 'dislike'], live_tracking: null },
  },
  'zh-CN clicked': {
    locale: 'zh-CN',
    steps: [
      ['gift_wrap', 'click', '无所谓'], ['gift_wrap.without', 'click', '能忍受'],
      ['live_tracking', 'click', '很喜欢'], ['live_tracking.without', 'click', '不喜欢'],
    ],
    answers: { gift_wrap: ['neutral', 'tolerate'], live_tracking: ['like', 'dislike'] },
  },
  'zh-CN typed': {
    locale: 'zh-CN',
    steps: [
      ['gift_wrap', 'type', '第一个'], ['gift_wrap.without', 'type', '没感觉'],
      ['live_tracking', 'type', '理所当然'], ['live_tracking.without', 'type', '不能接受'],
    ],
    answers: { gift_wrap: ['like', 'neutral'], live_tracking: ['expect', 'dislike'] },
  },
  'es typed, skipping on the second half': {
    locale: 'es',
    steps: [
      ['gift_wrap', 'type', 'me encantaría'], ['gift_wrap.without', 'type', 'saltar'],
      ['live_tracking', 'type', 'lo doy por hecho'], ['live_tracking.without', 'type', 'no me gustaría nada'],
    ],
    answers: { gift_wrap: null, live_tracking: ['expect', 'dislike'] },
  },
  'es clicked': {
    locale: 'es',
    steps: [
      ['gift_wrap', 'click', 'Me gustaría'], ['gift_wrap.without', 'click', 'Me da igual'],
      ['live_tracking', 'click', 'Lo esperaría'], ['live_tracking.without', 'click', 'No me gustaría'],
    ],
    answers: { gift_wrap: ['like', 'neutral'], live_tracking: ['expect', 'dislike'] },
  },
};

describe('the sample feature-check (Kano) survey through SurveyBot', () => {
  let satisfy: SatisfyApp;
  let script: CompiledScript;

  beforeEach(async () => {
    satisfy = await createTestApp();
    script = await satisfy.scripts.published('feature-check');
  });

  it.each(Object.entries(SCENARIOS))('%s', async (_name, s) => {
    const customer = new BotDriver(satisfy.bot, { locale: s.locale });
    await customer.start({ surveyId: 'feature-check', locale: s.locale, customer: { id: 'c-7', name: 'Sam' } });
    expect(customer.texts()[0]).toBe(script.intro![s.locale]!.replace(/\{\{customer\.name\|[^}]*\}\}/, 'Sam'));
    for (const [promptId, how, input] of s.steps) {
      expect(customer.currentQuestion(), `before answering ${promptId}`).toBe(promptId);
      // Five answers as buttons on both halves (and Skip: the questions are optional).
      expect(customer.actions()).toHaveLength(6);
      if (how === 'click') await customer.click(input);
      else await customer.send(input);
    }
    expect(customer.texts().at(-1)).toBe(script.endings[0]!.text[s.locale]);
    const [response] = await satisfy.stores.responses.list({ surveyId: 'feature-check' });
    expect(response).toMatchObject({ status: 'completed', locale: s.locale, customerId: 'c-7', endingId: 'thanks' });
    expect(answerValues(response)).toEqual(s.answers);
  });

  it('draws each half as a message with suggested actions carrying its own prompt id', async () => {
    const customer = new BotDriver(satisfy.bot, { locale: 'en' });
    await customer.start({ surveyId: 'feature-check' });
    expect(customer.replies.at(-1)!.text).toBe('How would you feel if we offered free gift wrapping?');
    expect(customer.actions().map((a) => [a.title, a.value])).toEqual([
      ["I'd like it", { satisfy: { questionId: 'gift_wrap', answer: 'like' } }],
      ["I'd expect it", { satisfy: { questionId: 'gift_wrap', answer: 'expect' } }],
      ["I'm neutral", { satisfy: { questionId: 'gift_wrap', answer: 'neutral' } }],
      ['I could live with it', { satisfy: { questionId: 'gift_wrap', answer: 'tolerate' } }],
      ["I'd dislike it", { satisfy: { questionId: 'gift_wrap', answer: 'dislike' } }],
      ['Skip', { satisfy: { questionId: 'gift_wrap', skip: true } }],
    ]);
    const first = customer.actions();
    await customer.click("I'd like it");
    expect(customer.replies.at(-1)!.text).toBe('And how would you feel if we did not offer free gift wrapping?');
    expect(customer.actions()[4]!.value).toEqual({ satisfy: { questionId: 'gift_wrap.without', answer: 'dislike' } });
    // A press on the first half's button again is not taken as the second half's answer.
    await customer.send({ type: 'message', text: "I'd dislike it", value: first[4]!.value });
    expect(customer.texts()[0]).toContain('already been answered');
    expect(customer.currentQuestion()).toBe('gift_wrap.without');
    // Half a pair is not an answer: nothing is recorded, and a chat left here is no response.
    expect(await satisfy.stores.responses.list({ surveyId: 'feature-check' })).toEqual([]);
  });

  it('re-asks the same half after an answer it cannot read, and stops on the second half', async () => {
    const customer = new BotDriver(satisfy.bot, { locale: 'en' });
    await customer.start({ surveyId: 'feature-check' });
    await customer.send('I like it');
    await customer.send("I don't really like it");
    expect(customer.texts()[0]).toBe("Sorry, I didn't get that. Please pick one of the options, or type its number (1 to 5).");
    expect(customer.currentQuestion()).toBe('gift_wrap.without');
    await customer.send('I really dislike it');
    await customer.send('I could live with it');
    expect(customer.currentQuestion()).toBe('live_tracking.without');
    await customer.send('stop');
    const [response] = await satisfy.stores.responses.list({ surveyId: 'feature-check' });
    expect(response).toMatchObject({ status: 'opted_out', leftAt: 'live_tracking' });
    expect(answerValues(response)).toEqual({ gift_wrap: ['like', 'dislike'] });
    expect(response!.answers.gift_wrap?.attempts).toBe(2);
  });

  it('opens a case on a request for a person with both halves of an answered Kano question on its transcript', async () => {
    const customer = new BotDriver(satisfy.bot, { locale: 'en' });
    await customer.start({ surveyId: 'feature-check' });
    await customer.click("I'd like it");
    await customer.send('I could live with it');
    await customer.send('I expect it');
    await customer.send('I want to talk to a person');
    const [opened] = await satisfy.stores.cases.list(10);
    expect(opened?.triggers.map((t) => t.ruleId)).toEqual(['@customer']);
    const lines = opened!.transcript.filter((l) => l.name?.startsWith('gift_wrap')).map((l) => [l.from, l.name, l.text]);
    expect(lines).toEqual([
      ['bot', 'gift_wrap', expect.stringContaining('How would you feel if we offered free gift wrapping?')],
      ['bot', 'gift_wrap.without', expect.stringContaining('And how would you feel if we did not offer free gift wrapping?')],
      ['customer', 'gift_wrap', "I'd like it / I could live with it"],
    ]);
    const [response] = await satisfy.stores.responses.list({ surveyId: 'feature-check' });
    expect(response!.answers.gift_wrap).toMatchObject({ value: ['like', 'tolerate'], raw: 'like / I could live with it' });
  });
});
