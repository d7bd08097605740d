import { describe, expect, it } from 'vitest';
import { expireIfStale } from '../../src/core/engine/runTurn.js';
import type { Output } from '../../src/core/outputs.js';
import { compileYaml, EngineDriver } from '../support/scripts.js';

const SCRIPT = compileYaml(`
id: flow
title: { en: Flow, zh-CN: 流程, es: Flujo }
defaultLocale: en
locales: [en, zh-CN, es]
settings: { maxReasks: 2, expiresAfter: 1h }
intro: { en: "Hi {{customer.name|there}}, about order {{order.id|?}}", zh-CN: "你好 {{customer.name|朋友}}", es: "Hola {{customer.name|amigo}}" }
questions:
  - id: csat
    type: rating
    scale: csat
    text: { en: "Rate {{order.items|it}}", zh-CN: 打分, es: Puntúa }
    next:
      - { if: csat == 5, to: fan }
  - id: why
    type: text
    if: csat <= 3
    required: false
    text: { en: "Why only {{csat}}?", zh-CN: 为什么？, es: ¿Por qué? }
  - id: channel
    type: choice
    text: { en: Where did you buy?, zh-CN: 在哪里买的？, es: ¿Dónde compraste? }
    options:
      - { id: web, label: { en: Website, zh-CN: 网站, es: Web } }
      - { id: store, label: { en: Store, zh-CN: 门店, es: Tienda }, synonyms: { en: [shop] } }
    next:
      - { if: channel == "store", to: end }
  - id: fan
    type: yesno
    text: { en: Would you buy again?, zh-CN: 还会再买吗？, es: ¿Volverías a comprar? }
  - id: extras
    type: choice
    multiple: true
    required: false
    text: { en: What else?, zh-CN: 还有什么？, es: ¿Algo más? }
    options:
      - { id: a, label: { en: Alpha, zh-CN: 甲, es: Alfa } }
      - { id: b, label: { en: Beta, zh-CN: 乙, es: Beta } }
      - { id: c, label: { en: Gamma, zh-CN: 丙, es: Gama } }
endings:
  - id: great
    if: csat == 5
    text: { en: "Great, {{customer.name|friend}}! ({{fan}}; {{extras|nothing}})", zh-CN: 太好了, es: Genial }
  - id: bye
    text: { en: "Bye ({{csat}})", zh-CN: 再见, es: Adiós }
escalation:
  - id: low
    when: csat <= 2
    priority: high
  - id: refund
    when: contains(why, "refund")
`);

function questionOf(outputs: Output[]): Extract<Output, { type: 'question' }> {
  const q = outputs.findLast((o) => o.type === 'question');
  if (!q || q.type !== 'question') throw new Error(`no question in ${JSON.stringify(outputs)}`);
  return q;
}

describe('engine: starting', () => {
  it('greets with placeholders from customer and order and asks the first question', () => {
    const d = new EngineDriver(SCRIPT);
    const r = d.start({ customer: { id: 'c1', name: 'Ana' }, order: { id: 'A-1', items: [{ name: 'mug' }, { name: 'tea' }] } });
    expect(d.texts[0]).toBe('Hi Ana, about order A-1');
    expect(questionOf(r.outputs)).toMatchObject({ questionId: 'csat', text: 'Rate mug and tea', legend: '1 = Very dissatisfied · 5 = Very satisfied' });
    expect(r.events).toEqual([expect.objectContaining({ type: 'survey.started', responseId: 'resp-1', surveyId: 'flow', locale: 'en' })]);
  });

  it('uses fallbacks when the context has no such field', () => {
    const d = new EngineDriver(SCRIPT);
    d.start();
    expect(d.texts[0]).toBe('Hi there, about order ?');
    expect(questionOf(d.last.outputs).text).toBe('Rate it');
  });

  it.each([
    ['es-MX', 'es', 'Hola amigo'],
    ['zh-Hans-CN', 'zh-CN', '你好 朋友'],
    ['zh-cn', 'zh-CN', '你好 朋友'],
    ['fr-FR', 'en', 'Hi there, about order ?'],
    [undefined, 'en', 'Hi there, about order ?'],
  ])('matches the requested locale %s to %s', (requested, locale, greeting) => {
    const d = new EngineDriver(SCRIPT);
    d.start({ locale: requested });
    expect(d.session?.locale).toBe(locale);
    expect(d.texts[0]).toBe(greeting);
  });

  it('starts the survey when the first input is a message, without taking it as an answer', () => {
    const d = new EngineDriver(SCRIPT);
    d.say('5');
    expect(d.current).toBe('csat');
    expect(d.session?.answers).toEqual({});
  });
});

describe('engine: branching', () => {
  it('shows a question only when its condition holds', () => {
    const d = new EngineDriver(SCRIPT);
    d.start();
    d.say('4');
    expect(d.current).toBe('channel');
    const d2 = new EngineDriver(SCRIPT);
    d2.start();
    d2.say('3');
    expect(d2.current).toBe('why');
    expect(questionOf(d2.last.outputs).text).toBe('Why only 3?');
  });

  it('follows a conditional jump', () => {
    const d = new EngineDriver(SCRIPT);
    d.start();
    d.say('5');
    expect(d.current).toBe('fan');
  });

  it('ends early on a jump to end and picks the ending by condition', () => {
    const d = new EngineDriver(SCRIPT);
    d.start();
    d.say('4');
    d.say('the second one');
    expect(d.session?.status).toBe('completed');
    expect(d.texts.at(-1)).toBe('Bye (4)');
    expect(d.last.events).toContainEqual(expect.objectContaining({ type: 'survey.completed', endingId: 'bye' }));
  });

  it('runs the whole path with a multiple choice and the conditional ending', () => {
    const d = new EngineDriver(SCRIPT);
    d.start({ customer: { name: 'Li' } });
    d.say('⭐⭐⭐⭐⭐');
    d.say('yes');
    d.say('alpha and gamma');
    expect(d.session?.answers).toEqual({ csat: 5, fan: true, extras: ['a', 'c'] });
    expect(d.texts.at(-1)).toBe('Great, Li! (Yes; Alpha and Gamma)');
  });
});

describe('engine: answers, re-asks and giving up', () => {
  it('records each answer with its raw text and attempts', () => {
    const d = new EngineDriver(SCRIPT);
    d.start();
    d.say('banana');
    const r = d.say('four');
    expect(r.events).toContainEqual(expect.objectContaining({ type: 'answer.recorded', questionId: 'csat', value: 4, raw: 'four', attempts: 2 }));
  });

  it('re-asks with a hint that says why, and the question again', () => {
    const d = new EngineDriver(SCRIPT);
    d.start();
    d.say('7');
    expect(d.texts[0]).toBe("That's outside the scale. Please pick a number from 1 to 5.");
    expect(questionOf(d.last.outputs)).toMatchObject({ questionId: 'csat', reask: true });
    d.say('3 or 4');
    expect(d.texts[0]).toBe('Please give just one number from 1 to 5.');
  });

  it('gives up after maxReasks and moves on, never looping', () => {
    const d = new EngineDriver(SCRIPT);
    d.start();
    d.say('banana');
    d.say('apple');
    expect(d.current).toBe('csat');
    const r = d.say('cherry');
    expect(r.events).toContainEqual(expect.objectContaining({ type: 'answer.skipped', questionId: 'csat', reason: 'not_understood', attempts: 3 }));
    expect(d.texts[0]).toBe("Let's move on to the next question.");
    // csat is now null, so "why" (csat <= 3) is passed over too.
    expect(d.current).toBe('channel');
  });

  it('does not count an empty message as a failed attempt', () => {
    const d = new EngineDriver(SCRIPT);
    d.start();
    for (let i = 0; i < 5; i++) d.say('  \u200b ');
    expect(d.current).toBe('csat');
    expect(d.session?.attempts).toBe(0);
    expect(d.texts[0]).toContain("didn't catch anything");
  });

  it('ends the survey on give-up when the script says so', () => {
    const strict = compileYaml(`
id: strict
title: { en: S }
defaultLocale: en
locales: [en]
settings: { maxReasks: 0, onGiveUp: end }
questions:
  - { id: q, type: yesno, text: { en: Q? } }
endings:
  - { id: e, text: { en: Bye } }
`);
    const d = new EngineDriver(strict);
    d.start();
    d.say('purple');
    expect(d.session?.status).toBe('completed');
    expect(d.texts).toEqual(['Let\'s leave it there. Thank you for your time.', 'Bye']);
  });

  it('accepts a button value and refuses one outside the scale', () => {
    const d = new EngineDriver(SCRIPT);
    d.start();
    d.turn({ type: 'answer', questionId: 'csat', value: 9 });
    expect(d.current).toBe('csat');
    d.turn({ type: 'answer', questionId: 'csat', value: '4' });
    expect(d.session?.answers.csat).toBe(4);
  });

  it('answers a stale button by showing where we are, recording nothing', () => {
    const d = new EngineDriver(SCRIPT);
    d.start();
    d.say('4');
    const r = d.turn({ type: 'answer', questionId: 'csat', value: 1 });
    expect(r.events).toEqual([]);
    expect(d.session?.answers.csat).toBe(4);
    expect(d.texts[0]).toContain('already been answered');
    expect(questionOf(r.outputs).questionId).toBe('channel');
  });

  it('keeps a very long open answer out and says the limit', () => {
    const d = new EngineDriver(SCRIPT);
    d.start();
    d.say('2');
    d.say('x'.repeat(2001));
    expect(d.current).toBe('why');
    expect(d.texts[0]).toContain('under 2000 characters');
  });
});

describe('engine: skip, stop and asking for a person', () => {
  it('skips an optional question and records the skip', () => {
    const d = new EngineDriver(SCRIPT);
    d.start();
    d.say('2');
    const r = d.say('skip');
    expect(r.events).toContainEqual(expect.objectContaining({ type: 'answer.skipped', questionId: 'why', reason: 'customer' }));
    expect(d.session?.answers.why).toBeNull();
    expect(d.current).toBe('channel');
  });

  it('refuses to skip a required question', () => {
    const d = new EngineDriver(SCRIPT);
    d.start();
    d.say('skip');
    expect(d.current).toBe('csat');
    expect(d.texts[0]).toContain("can't be skipped");
  });

  it('takes "none" to an optional multiple choice as a skip', () => {
    const d = new EngineDriver(SCRIPT);
    d.start();
    d.say('5');
    d.say('yes');
    const r = d.say('none');
    expect(r.events).toContainEqual(expect.objectContaining({ type: 'answer.skipped', questionId: 'extras', reason: 'customer' }));
    expect(d.session?.status).toBe('completed');
  });

  it('skips by the Skip button', () => {
    const d = new EngineDriver(SCRIPT);
    d.start();
    d.say('2');
    d.turn({ type: 'skip', questionId: 'why' });
    expect(d.current).toBe('channel');
  });

  it.each([['stop', 'en'], ['停止', 'zh-CN'], ['basta', 'es']])('opts out on "%s" (%s) and confirms politely', (word, locale) => {
    const d = new EngineDriver(SCRIPT);
    d.start({ locale });
    const r = d.say(word);
    expect(d.session?.status).toBe('opted_out');
    expect(r.events).toContainEqual(expect.objectContaining({ type: 'survey.opted_out', questionId: 'csat' }));
    const after = d.say('5');
    expect(after.events).toEqual([]);
    expect(d.session?.status).toBe('opted_out');
  });

  it('records a request for a person once and keeps the survey going', () => {
    const d = new EngineDriver(SCRIPT);
    d.start();
    const r = d.say('I want to talk to a human');
    expect(r.events).toEqual([expect.objectContaining({ type: 'escalation.requested', reason: 'customer', priority: 'high' })]);
    expect(questionOf(r.outputs).questionId).toBe('csat');
    expect(d.say('talk to a human').events).toEqual([]);
  });

  it('keeps an open answer that also asks for a person', () => {
    const d = new EngineDriver(SCRIPT);
    d.start();
    d.say('2');
    const r = d.say('It broke. I want a refund, let me talk to a human');
    expect(d.session?.answers.why).toBe('It broke. I want a refund, let me talk to a human');
    const escalations = r.events.filter((e) => e.type === 'escalation.requested');
    expect(escalations.map((e) => (e.type === 'escalation.requested' ? e.ruleId ?? e.reason : ''))).toEqual(['customer', 'refund']);
  });
});

describe('engine: escalation rules', () => {
  it('raises each rule once, when its condition first holds', () => {
    const d = new EngineDriver(SCRIPT);
    d.start();
    const r = d.say('1');
    expect(r.events).toContainEqual(expect.objectContaining({ type: 'escalation.requested', reason: 'rule', ruleId: 'low', priority: 'high' }));
    expect(d.session?.raised).toEqual(['low']);
    const r2 = d.say('nothing to add');
    expect(r2.events.filter((e) => e.type === 'escalation.requested')).toEqual([]);
  });
});

describe('engine: expiry', () => {
  it('closes an unfinished survey after expiresAfter as abandoned', () => {
    const d = new EngineDriver(SCRIPT);
    d.start();
    const session = d.session!;
    expect(expireIfStale(SCRIPT, session, session.updatedAt + 60 * 60_000)).toBeUndefined();
    const stale = expireIfStale(SCRIPT, session, session.updatedAt + 60 * 60_000 + 1);
    expect(stale?.session.status).toBe('abandoned');
    expect(stale?.events).toEqual([expect.objectContaining({ type: 'survey.abandoned', responseId: session.responseId })]);
  });
});

describe('engine: coming back after a pause', () => {
  it('welcomes back a customer whose message is not an answer, without counting an attempt', () => {
    const d = new EngineDriver(SCRIPT);
    d.start();
    d.say('4');
    d.deps.clock.advance(31 * 60_000);
    d.say('hi again');
    expect(d.texts[0]).toBe("Welcome back! Let's pick up where we left off.");
    expect(questionOf(d.last.outputs)).toMatchObject({ questionId: 'channel', reask: false });
    expect(d.session?.attempts).toBe(0);
  });

  it('takes an answer given after a pause as an answer', () => {
    const d = new EngineDriver(SCRIPT);
    d.start();
    d.deps.clock.advance(45 * 60_000);
    d.say('4');
    expect(d.session?.answers.csat).toBe(4);
  });

  it('re-asks as usual within the pause', () => {
    const d = new EngineDriver(SCRIPT);
    d.start();
    d.deps.clock.advance(29 * 60_000);
    d.say('hi again');
    expect(d.texts[0]).toContain("didn't quite get that");
  });
});

describe('engine: session stays compact', () => {
  it('keeps ids and values only, never script text', () => {
    const d = new EngineDriver(SCRIPT);
    d.start({ customer: { id: 'c1' } });
    d.say('3');
    const json = JSON.stringify(d.session);
    expect(json).not.toContain('Rate');
    expect(json).not.toContain('Why only');
    expect(json.length).toBeLessThan(400);
  });
});
