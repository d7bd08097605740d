import { describe, expect, it } from 'vitest';
import { expireIfStale } from '../../src/core/engine/runTurn.js';
import type { Output } from '../../src/core/outputs.js';
import { compileYaml, EngineDriver } from '../support/scripts.js';

const SCRIPT = compileYaml(`
id: kano-flow
title: { en: Ideas, zh-CN: 想法, es: Ideas }
defaultLocale: en
locales: [en, zh-CN, es]
settings: { maxReasks: 1 }
questions:
  - id: wrap
    type: kano
    required: false
    feature: { en: gift wrapping, zh-CN: 礼品包装, es: envoltorio de regalo }
  - id: track
    type: kano
    feature: { en: live tracking, zh-CN: 实时跟踪, es: seguimiento en directo }
    functional: { en: "Tracking on a map, {{customer.name|friend}}?", zh-CN: 地图跟踪？, es: ¿Seguimiento en un mapa? }
    dysfunctional: { en: "No {{feature}} at all?", zh-CN: "没有{{feature}}？", es: "¿Sin {{feature}}?" }
  - id: again
    type: yesno
    text: { en: "You said {{wrap|nothing}} to wrapping. Shop again?", zh-CN: 还会再买吗？, es: ¿Volverías? }
endings:
  - id: must
    if: kano(track) == "must_be"
    text: { en: "Tracking is a must for you ({{track}}).", zh-CN: 跟踪是必须的, es: El seguimiento es imprescindible }
  - id: bye
    text: { en: Bye, zh-CN: 再见, es: Adiós }
escalation:
  - id: hates_tracking
    when: kano(track) == "reverse"
`);

type Question = Extract<Output, { type: 'question' }>;

function questionOf(outputs: Output[]): Question {
  const q = outputs.findLast((o) => o.type === 'question');
  if (!q || q.type !== 'question') throw new Error(`no question in ${JSON.stringify(outputs)}`);
  return q;
}

const LABELS = ["I'd like it", "I'd expect it", "I'm neutral", 'I could live with it', "I'd dislike it"];

function started(locale = 'en'): EngineDriver {
  const d = new EngineDriver(SCRIPT);
  d.start({ locale, customer: { name: 'Ana' } });
  return d;
}

describe('engine: a kano question is asked in two halves', () => {
  it('asks with the feature, then without it, each as a single choice of five answers, and records the pair once', () => {
    const d = started();
    expect(questionOf(d.last.outputs)).toEqual({
      type: 'question',
      questionId: 'wrap',
      text: 'How would you feel if we offered gift wrapping?',
      prompt: { kind: 'choice', multiple: false, options: ['like', 'expect', 'neutral', 'tolerate', 'dislike'].map((value, i) => ({ value, label: LABELS[i] })) },
      skipLabel: 'Skip',
      reask: false,
    });
    d.say("I'd love it");
    // Half a pair has no category: nothing is recorded yet.
    expect(d.last.events).toEqual([]);
    expect(d.current).toBe('wrap');
    expect(d.last.outputs).toEqual([expect.objectContaining({ type: 'question', questionId: 'wrap.without', text: 'And how would you feel if we did not offer gift wrapping?', reask: false })]);
    expect(questionOf(d.last.outputs).prompt).toMatchObject({ kind: 'choice', options: expect.arrayContaining([{ value: 'dislike', label: "I'd dislike it" }]) });

    d.say("I'd hate that");
    expect(d.last.events).toEqual([
      expect.objectContaining({ type: 'answer.recorded', questionId: 'wrap', value: ['like', 'dislike'], raw: "I'd love it / I'd hate that", attempts: 1 }),
    ]);
    expect(d.session?.answers.wrap).toEqual(['like', 'dislike']);
    expect(d.session?.kano).toBeUndefined();
    // The script's own forms, with {{feature}} and the customer's name filled in.
    expect(questionOf(d.last.outputs)).toMatchObject({ questionId: 'track', text: 'Tracking on a map, Ana?' });
    d.say('the third one');
    expect(questionOf(d.last.outputs)).toMatchObject({ questionId: 'track.without', text: 'No live tracking at all?' });
    expect(questionOf(d.last.outputs).skipLabel).toBeUndefined();
    d.say('5');
    // Answers show as the customer saw them, in later texts; kano() reads the category.
    expect(questionOf(d.last.outputs).text).toBe("You said I'd like it / I'd dislike it to wrapping. Shop again?");
    d.say('yes');
    expect(d.texts).toEqual(["Tracking is a must for you (I'm neutral / I'd dislike it)."]);
    expect(d.session?.answers).toEqual({ wrap: ['like', 'dislike'], track: ['neutral', 'dislike'], again: true });
  });

  it('takes buttons for each half, and tells a button left from the first half from the second', () => {
    const d = started();
    d.turn({ type: 'answer', questionId: 'wrap', value: 'neutral' });
    expect(questionOf(d.last.outputs).questionId).toBe('wrap.without');
    // A second press on the first half's buttons (a double click) is not the second half's answer.
    d.turn({ type: 'answer', questionId: 'wrap', value: 'like' });
    expect(d.texts).toEqual(["That question has already been answered. Here's where we are:", 'And how would you feel if we did not offer gift wrapping?']);
    expect(d.last.events).toEqual([]);
    expect(d.session?.kano).toMatchObject({ questionId: 'wrap', functional: 'neutral' });
    d.turn({ type: 'answer', questionId: 'wrap.without', value: 'expect' });
    expect(d.last.events).toEqual([expect.objectContaining({ type: 'answer.recorded', value: ['neutral', 'expect'], raw: 'neutral / expect' })]);
    // And the second half's buttons once the question is answered.
    d.turn({ type: 'answer', questionId: 'wrap.without', value: 'dislike' });
    expect(d.texts[0]).toContain('already been answered');
    expect(questionOf(d.last.outputs).questionId).toBe('track');
    expect(d.session?.answers.wrap).toEqual(['neutral', 'expect']);
  });

  it('refuses a button value that is not one of the five answers', () => {
    const d = started();
    d.turn({ type: 'answer', questionId: 'wrap', value: 'love' });
    expect(d.texts[0]).toBe("Sorry, I didn't get that. Please pick one of the options, or type its number (1 to 5).");
    expect(questionOf(d.last.outputs)).toMatchObject({ questionId: 'wrap', reask: true });
  });

  it.each([
    ['zh-CN', ['很喜欢', '不喜欢'], ['like', 'dislike'], '如果我们不提供礼品包装，您又会觉得怎么样？'],
    ['es', ['me da igual', 'lo tolero'], ['neutral', 'tolerate'], '¿Y cómo te sentirías si no ofreciéramos envoltorio de regalo?'],
  ])('%s: both halves typed in the customer\'s language', (locale, [first, second], value, dysfunctional) => {
    const d = started(locale);
    d.say(first!);
    expect(questionOf(d.last.outputs).text).toBe(dysfunctional);
    d.say(second!);
    expect(d.session?.answers.wrap).toEqual(value);
  });
});

describe('engine: skip, re-ask, stop and a person on either half', () => {
  it('skips the whole question from the first half', () => {
    const d = started();
    d.say('skip');
    expect(d.last.events).toEqual([expect.objectContaining({ type: 'answer.skipped', questionId: 'wrap', reason: 'customer' })]);
    expect(d.texts[0]).toBe("No problem, let's skip that one.");
    expect(questionOf(d.last.outputs).questionId).toBe('track');
    expect(d.session?.answers.wrap).toBeNull();
  });

  it('skips the whole question from the second half, by the Skip button, dropping the first answer', () => {
    const d = started();
    d.say('I like it');
    d.turn({ type: 'skip', questionId: 'wrap.without' });
    expect(d.last.events).toEqual([expect.objectContaining({ type: 'answer.skipped', questionId: 'wrap', reason: 'customer' })]);
    expect(d.session?.answers.wrap).toBeNull();
    expect(d.session?.kano).toBeUndefined();
    expect(questionOf(d.last.outputs).questionId).toBe('track');
  });

  it('keeps a required question\'s first half when the customer tries to skip the second', () => {
    const d = started();
    d.say('skip');
    d.say('I expect it');
    d.say('skip');
    expect(d.texts[0]).toBe("I'm afraid this one can't be skipped. Could you answer it?");
    expect(questionOf(d.last.outputs)).toMatchObject({ questionId: 'track.without', reask: true });
    d.say("I'd dislike it");
    expect(d.session?.answers.track).toEqual(['expect', 'dislike']);
  });

  it('asks the same half again after an answer it cannot read, then gives up on the whole question', () => {
    const d = started();
    d.say('banana');
    expect(questionOf(d.last.outputs)).toMatchObject({ questionId: 'wrap', reask: true });
    d.say('I like it');
    expect(d.session?.attempts).toBe(0);
    d.say("I don't really like it");
    expect(d.texts[0]).toBe("Sorry, I didn't get that. Please pick one of the options, or type its number (1 to 5).");
    expect(questionOf(d.last.outputs)).toMatchObject({ questionId: 'wrap.without', reask: true });
    expect(d.session?.kano?.functional).toBe('like');
    d.say('banana');
    expect(d.last.events).toEqual([expect.objectContaining({ type: 'answer.skipped', questionId: 'wrap', reason: 'not_understood', raw: 'banana', attempts: 2 })]);
    expect(d.texts[0]).toBe("Let's move on to the next question.");
    expect(d.session?.kano).toBeUndefined();
    expect(questionOf(d.last.outputs).questionId).toBe('track');
  });

  it('asks for one answer when two are given', () => {
    const d = started();
    d.say('I like it');
    d.say('I love it but I could live with it');
    expect(d.texts[0]).toBe('Please pick just one of the options.');
    expect(questionOf(d.last.outputs).questionId).toBe('wrap.without');
  });

  it.each([
    ['the first half', [] as string[]],
    ['the second half', ['I like it']],
  ])('stops on %s', (_half, before) => {
    const d = started();
    for (const text of before) d.say(text);
    d.say('stop');
    expect(d.last.events).toEqual([expect.objectContaining({ type: 'survey.opted_out', questionId: 'wrap' })]);
    expect(d.session).toMatchObject({ status: 'opted_out', current: null });
    expect(d.session?.kano).toBeUndefined();
  });

  it('asks for a person on the second half and asks that half again', () => {
    const d = started();
    d.say('I like it');
    d.say('I want to talk to a person');
    expect(d.last.events).toEqual([expect.objectContaining({ type: 'escalation.requested', reason: 'customer' })]);
    expect(d.texts[0]).toBe("Of course. I've asked a member of our team to get in touch with you.");
    expect(questionOf(d.last.outputs).questionId).toBe('wrap.without');
  });

  it('with a person to take over, the second half waits for the survey to go on', () => {
    const d = started();
    Object.assign(d.deps, { handoff: true });
    d.say('I like it');
    d.say('talk to a person');
    expect(d.last.outputs.filter((o) => o.type === 'question')).toEqual([]);
    d.turn({ type: 'resume' });
    expect(d.texts).toEqual(["Let's pick up the survey where we left off.", 'And how would you feel if we did not offer gift wrapping?']);
    d.say('I dislike it');
    expect(d.session?.answers.wrap).toEqual(['like', 'dislike']);
  });

  it('welcomes back a customer on the second half after a pause', () => {
    const d = started();
    d.say('I like it');
    d.deps.clock.advance(31 * 60_000);
    d.say('hi again');
    expect(d.texts).toEqual(["Welcome back! Let's pick up where we left off.", 'And how would you feel if we did not offer gift wrapping?']);
    expect(d.session?.attempts).toBe(0);
  });

  it('raises a rule on the category once the pair is complete', () => {
    const d = started();
    d.say('skip');
    d.say("I'd dislike it");
    expect(d.last.events).toEqual([]);
    d.say("I'd like it");
    expect(d.last.events.map((e) => [e.type, 'ruleId' in e ? e.ruleId : undefined])).toEqual([['answer.recorded', undefined], ['escalation.requested', 'hates_tracking']]);
  });

  it('closes a survey left on the second half, forgetting the half', () => {
    const d = started();
    d.say('I like it');
    const stale = expireIfStale(SCRIPT, d.session!, d.deps.clock.now() + 2 * 86_400_000 * 2);
    expect(stale?.session).toMatchObject({ status: 'abandoned', current: null });
    expect(stale?.session.kano).toBeUndefined();
    expect(stale?.events).toEqual([expect.objectContaining({ type: 'survey.abandoned', questionId: 'wrap' })]);
  });
});
