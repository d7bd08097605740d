import { describe, expect, it } from 'vitest';
import type { SurveyEvent } from '../../src/core/events.js';
import type { Output } from '../../src/core/outputs.js';
import type { Problem } from '../../src/core/problem.js';
import type { CompiledScript } from '../../src/core/script/compiled.js';
import { parseScriptYaml } from '../../src/scripts/parseScriptYaml.js';
import { createSentimentScorer } from '../../src/sentiment/createSentimentScorer.js';
import { catalog, compileYaml, EngineDriver } from '../support/scripts.js';

type Escalation = Extract<SurveyEvent, { type: 'escalation.requested' }>;
type Locale = 'en' | 'zh-CN' | 'es';

const scorer = createSentimentScorer();

/** One script with a rule of every kind; each row below answers it differently. */
const RULES = compileYaml(`
id: rules
title: { en: R, zh-CN: R, es: R }
defaultLocale: en
locales: [en, zh-CN, es]
questions:
  - id: csat
    type: rating
    scale: csat
    text: { en: Rate us, zh-CN: 打分, es: Puntúa }
  - id: nps
    type: rating
    scale: nps
    text: { en: Recommend us?, zh-CN: 推荐吗？, es: ¿Nos recomendarías? }
  - id: why
    type: text
    required: false
    text: { en: Why?, zh-CN: 为什么？, es: ¿Por qué? }
  - id: again
    type: yesno
    text: { en: Buy again?, zh-CN: 还会再买吗？, es: ¿Volverías a comprar? }
endings:
  - { id: e, text: { en: Thanks, zh-CN: 谢谢, es: Gracias } }
escalation:
  - id: low_csat
    when: csat <= 2
    priority: high
  - id: detractor
    when: nps <= 6
  - id: angry
    when: sentiment(why) < -0.5
    priority: urgent
  - id: mixed
    when: mismatch(why)
    priority: low
  - id: refund
    keywords: { en: [refund, money back], zh-CN: [退款], es: [reembolso] }
    priority: high
  - id: spanish_only
    keywords: { es: [chargeback] }
  - id: shouting
    keywords: { en: [CANCEL ORDER] }
  - id: broken_and_unhappy
    when: csat <= 2
    keywords: { en: [broken], zh-CN: [坏了], es: [roto] }
    priority: urgent
`);

interface Run {
  d: EngineDriver;
  events: SurveyEvent[];
  escalations: Escalation[];
}

function run(script: CompiledScript, locale: Locale, inputs: readonly string[], handoff?: boolean): Run {
  const d = new EngineDriver(script);
  d.deps.sentiment = scorer;
  if (handoff !== undefined) d.deps.handoff = handoff;
  const events: SurveyEvent[] = [...d.start({ locale }).events];
  for (const text of inputs) events.push(...d.say(text).events);
  return { d, events, escalations: escalationsIn(events) };
}

function escalationsIn(events: readonly SurveyEvent[]): Escalation[] {
  return events.filter((e): e is Escalation => e.type === 'escalation.requested');
}

const ruleIds = (escalations: readonly Escalation[]): string[] => escalations.map((e) => e.ruleId ?? `@${e.reason}`);

function questionIn(outputs: readonly Output[]): string | undefined {
  const q = outputs.findLast((o) => o.type === 'question');
  return q?.type === 'question' ? q.questionId : undefined;
}

describe('escalation rules: which rules a conversation raises', () => {
  it.each<[string, Locale, string[], string[]]>([
    // Rating thresholds, on their boundaries.
    ['csat 2 raises csat <= 2', 'en', ['2', '7', 'skip', 'yes'], ['low_csat']],
    ['csat 1 raises csat <= 2', 'en', ['1', '7', 'skip', 'yes'], ['low_csat']],
    ['csat 3 does not raise csat <= 2', 'en', ['3', '7', 'skip', 'yes'], []],
    ['nps 6 raises nps <= 6', 'en', ['4', '6', 'skip', 'yes'], ['detractor']],
    ['nps 0 raises nps <= 6', 'en', ['4', '0', 'skip', 'yes'], ['detractor']],
    ['nps 7 does not raise nps <= 6', 'en', ['4', '7', 'skip', 'yes'], []],
    ['both thresholds at once', 'en', ['1', '0', 'skip', 'no'], ['low_csat', 'detractor']],
    // Sentiment of an open answer, scored by the real scorer.
    ['a clearly negative comment (en)', 'en', ['3', '7', 'Awful. Horrible service, I hate it', 'no'], ['angry']],
    ['a clearly negative comment (zh-CN)', 'zh-CN', ['3', '7', '太差了，非常失望，再也不买了', '是'], ['angry']],
    ['a clearly negative comment (es)', 'es', ['3', '7', 'Horrible, pésimo servicio, lo odio', 'sí'], ['angry']],
    // The score is P(positive) - P(negative): how sure, not how angry. A small complaint that a
    // customer outweighs ("a bit slow, but lovely") is not negative, so it stays above -0.5.
    ['a small complaint outweighed by praise is not below -0.5', 'en', ['3', '7', 'A bit slow, but the coat is lovely', 'yes'], []],
    ['a positive comment', 'en', ['3', '7', 'Great, loved it', 'yes'], []],
    // Mismatch between the rating and the words.
    ['a top rating with an angry comment', 'en', ['5', '9', 'Terrible, the worst purchase ever, never again', 'no'], ['angry', 'mixed']],
    ['a bottom rating with a glowing comment', 'en', ['1', '1', 'Excellent, everything perfect, love it', 'yes'], ['low_csat', 'detractor', 'mixed']],
    ['a glowing comment after a middling score', 'en', ['3', '7', 'Excellent, everything perfect, love it', 'yes'], []],
    // Keywords in the customer's locale.
    ['"I want a refund" (en)', 'en', ['3', '7', 'I want a refund', 'yes'], ['refund']],
    ['"Refunds please" (en, word start)', 'en', ['3', '7', 'Refunds please', 'yes'], ['refund']],
    ['"nonrefundable" (en, not at a word start)', 'en', ['3', '7', 'The ticket was nonrefundable', 'yes'], []],
    // "I just want my money back" is an unhappy customer, and the scorer says so too.
    ['a multi-word keyword (en)', 'en', ['3', '7', 'I just want my money back', 'yes'], ['angry', 'refund']],
    ['full-width capitals (en)', 'en', ['3', '7', 'ＲＥＦＵＮＤ', 'yes'], ['refund']],
    ['a keyword written in capitals in the script', 'en', ['3', '7', 'please cancel order 12', 'yes'], ['shouting']],
    ['"我要退款" (zh-CN; also clearly negative)', 'zh-CN', ['3', '7', '我要退款', '是'], ['refund', 'angry']],
    ['"quiero un reembolso" (es)', 'es', ['3', '7', 'quiero un reembolso', 'sí'], ['refund']],
    ['an es-only keyword from an es customer', 'es', ['3', '7', 'haré un chargeback', 'sí'], ['spanish_only']],
    ['an es-only keyword from an en customer', 'en', ['3', '7', 'I will file a chargeback', 'yes'], []],
    ['an en keyword from a zh-CN customer', 'zh-CN', ['3', '7', 'refund', '是'], []],
    ['a keyword typed to a rating question (not an answer)', 'en', ['refund now', '3', '7', 'skip', 'yes'], ['refund']],
    // A rule with both `when` and `keywords` needs both.
    ['keyword + when: both hold (en)', 'en', ['2', '7', 'it arrived broken', 'yes'], ['low_csat', 'broken_and_unhappy', 'angry']],
    ['keyword + when: both hold (zh-CN)', 'zh-CN', ['2', '7', '杯子坏了', '是'], ['low_csat', 'broken_and_unhappy', 'angry']],
    ['keyword + when: both hold (es)', 'es', ['2', '7', 'llegó roto', 'sí'], ['low_csat', 'broken_and_unhappy', 'angry']],
    ['keyword + when: only the keyword', 'en', ['3', '7', 'it arrived broken', 'yes'], ['angry']],
    ['keyword + when: only the condition', 'en', ['2', '7', 'skip', 'yes'], ['low_csat']],
  ])('%s', (_name, locale, inputs, expected) => {
    const { escalations } = run(RULES, locale, inputs);
    // Which rules, not in what order: the order of one turn is tested below.
    expect(ruleIds(escalations).sort()).toEqual([...expected].sort());
    for (const e of escalations) expect(e).toMatchObject({ reason: 'rule', responseId: 'resp-1' });
  });

  it('raises a keyword typed to a rating question at once, though the answer is not understood', () => {
    const { d } = run(RULES, 'en', []);
    const r = d.say('refund now');
    expect(ruleIds(escalationsIn(r.events))).toEqual(['refund']);
    expect(escalationsIn(r.events)[0]).toMatchObject({ matched: 'refund' });
    expect(r.events.some((e) => e.type === 'answer.recorded')).toBe(false);
    expect(questionIn(r.outputs)).toBe('csat');
  });

  it.each<[string, Locale, string, string]>([
    ['en', 'en', 'Refunds please', 'refund'],
    ['en, multi-word', 'en', 'I just want my money back', 'money back'],
    ['zh-CN', 'zh-CN', '我要退款', '退款'],
    ['es', 'es', 'Quiero un REEMBOLSO', 'reembolso'],
  ])('records the keyword that matched (%s)', (_name, locale, text, matched) => {
    const { escalations } = run(RULES, locale, ['3', '7', text]);
    expect(escalations.filter((e) => e.matched !== undefined)).toEqual([expect.objectContaining({ ruleId: 'refund', matched })]);
  });
});

describe('escalation rules: priorities and order', () => {
  it.each<[string, Locale, string[], Escalation['priority']]>([
    ['low_csat', 'en', ['1'], 'high'],
    ['detractor', 'en', ['4', '3'], 'normal'],
    ['angry', 'en', ['3', '7', 'Awful. Horrible service, I hate it'], 'urgent'],
    ['mixed', 'en', ['4', '9', 'Terrible, the worst purchase ever, never again'], 'low'],
    ['refund', 'en', ['3', '7', 'refund'], 'high'],
    ['spanish_only', 'es', ['3', '7', 'chargeback'], 'normal'],
    ['broken_and_unhappy', 'en', ['2', '7', 'broken'], 'urgent'],
  ])('%s carries its rule priority', (ruleId, locale, inputs, priority) => {
    const { escalations } = run(RULES, locale, inputs);
    const event = escalations.find((e) => e.ruleId === ruleId);
    expect(event).toBeDefined();
    expect(event).toMatchObject({ priority, then: 'continue' });
  });

  it.each<[string, string[], Record<string, number>]>([
    ['a condition that holds on every later answer', ['1', '0', 'Awful. Horrible service, I hate it', 'no'], { low_csat: 1, detractor: 1, angry: 1 }],
    ['a keyword typed again later', ['refund please', '3', '7', 'refund, I said', 'yes'], { refund: 1 }],
    ['a keyword typed twice in one answer', ['3', '7', 'refund refund refund', 'yes'], { refund: 1 }],
  ])('raises a rule once per survey: %s', (_name, inputs, counts) => {
    const { escalations } = run(RULES, 'en', inputs);
    const seen: Record<string, number> = {};
    for (const e of escalations) seen[e.ruleId!] = (seen[e.ruleId!] ?? 0) + 1;
    expect(seen).toMatchObject(counts);
    for (const n of Object.values(seen)) expect(n).toBe(1);
  });

  const ordered = (rules: string): CompiledScript =>
    compileYaml(`
id: order
title: { en: O }
defaultLocale: en
locales: [en]
questions:
  - { id: csat, type: rating, scale: csat, text: { en: Rate } }
  - { id: why, type: text, text: { en: Why? } }
endings:
  - { id: e, text: { en: Bye } }
escalation:
${rules}
`);

  it.each<[string, string, string[], string[]]>([
    ['conditions listed a, b, c', '  - { id: a, when: csat <= 2 }\n  - { id: b, when: csat <= 3 }\n  - { id: c, when: csat <= 4 }', ['1'], ['a', 'b', 'c']],
    ['conditions listed c, b, a', '  - { id: c, when: csat <= 4 }\n  - { id: b, when: csat <= 3 }\n  - { id: a, when: csat <= 2 }', ['1'], ['c', 'b', 'a']],
    ['a condition listed before a keyword rule', '  - { id: angry, when: sentiment(why) < -0.5 }\n  - { id: kw, keywords: { en: [refund] } }', ['3', 'Awful, horrible, I hate it, refund me'], ['angry', 'kw']],
    ['a keyword rule listed before a condition', '  - { id: kw, keywords: { en: [refund] } }\n  - { id: angry, when: sentiment(why) < -0.5 }', ['3', 'Awful, horrible, I hate it, refund me'], ['kw', 'angry']],
  ])('raises several rules of one turn in script order: %s', (_name, rules, inputs, expected) => {
    const d = new EngineDriver(ordered(rules));
    d.deps.sentiment = scorer;
    d.start();
    let last: SurveyEvent[] = [];
    for (const text of inputs) last = d.say(text).events;
    expect(ruleIds(escalationsIn(last))).toEqual(expected);
  });
});

describe('escalation rules: the customer asks for a person', () => {
  it.each<[Locale, string]>([
    ['en', 'I want to talk to a person'],
    ['en', 'Can I speak with a human please?'],
    ['zh-CN', '转人工'],
    ['es', 'quiero hablar con una persona'],
  ])('%s "%s": reason customer, high, pause, matched as typed; without handoff told and re-asked', (locale, text) => {
    const { d, escalations } = run(RULES, locale, [text]);
    expect(escalations).toEqual([{ type: 'escalation.requested', responseId: 'resp-1', reason: 'customer', priority: 'high', then: 'pause', matched: text, at: expect.any(Number) }]);
    expect(d.texts).toContain(catalog[locale]!['agent.requested']);
    expect(questionIn(d.last.outputs)).toBe('csat');
    expect(d.session).toMatchObject({ status: 'active', current: 'csat' });
  });

  it.each<[Locale, string]>([
    ['en', "I don't want to talk to a person"],
    ['en', 'the agent was rude'],
    ['zh-CN', '人工智能'],
  ])('%s "%s" is not a request for a person', (locale, text) => {
    const { escalations, d } = run(RULES, locale, [text]);
    expect(escalations.filter((e) => e.reason === 'customer')).toEqual([]);
    expect(d.texts).not.toContain(catalog[locale]!['agent.requested']);
  });

  it('is raised once, however often the customer asks', () => {
    const { escalations } = run(RULES, 'en', ['I want to talk to a person', 'I need a human', '3']);
    expect(escalations.filter((e) => e.reason === 'customer')).toHaveLength(1);
  });

  it('with handoff, pauses: no question until resumed, then the same question again', () => {
    const { d, escalations } = run(RULES, 'en', ['I want to talk to a person'], true);
    expect(escalations).toEqual([expect.objectContaining({ reason: 'customer', then: 'pause' })]);
    expect(questionIn(d.last.outputs)).toBeUndefined();
    expect(d.texts).not.toContain(catalog.en!['agent.requested']);
    expect(d.session).toMatchObject({ status: 'active', current: 'csat' });
    d.turn({ type: 'resume' });
    expect(d.texts[0]).toBe(catalog.en!['handoff.resume']);
    expect(questionIn(d.last.outputs)).toBe('csat');
  });
});

describe('escalation rules: what `then` does', () => {
  const thenScript = (then: string): CompiledScript =>
    compileYaml(`
id: then_${then}
title: { en: T, es: T }
defaultLocale: en
locales: [en, es]
questions:
  - { id: csat, type: rating, scale: csat, text: { en: Rate, es: Puntúa } }
  - { id: why, type: text, required: false, text: { en: Why?, es: ¿Por qué? } }
  - { id: again, type: yesno, text: { en: Again?, es: ¿Otra vez? } }
endings:
  - { id: sorry, if: csat <= 2, text: { en: Sorry to hear it, es: Lo sentimos } }
  - { id: bye, text: { en: Bye, es: Adiós } }
escalation:
  - id: low
    when: csat <= 2
    priority: high
    then: ${then}
  - id: kw
    keywords: { en: [refund], es: [reembolso] }
    then: ${then}
`);

  it.each<[string, boolean | undefined, 'asked' | 'paused' | 'ended']>([
    ['continue', true, 'asked'],
    ['pause', true, 'paused'],
    ['end', true, 'ended'],
    ['continue', false, 'asked'],
    ['pause', false, 'asked'],
    ['end', false, 'asked'],
    ['pause', undefined, 'asked'],
    ['end', undefined, 'asked'],
  ])('then %s with handoff %s: the next question is %s', (then, handoff, outcome) => {
    const { d, escalations } = run(thenScript(then), 'en', ['1'], handoff);
    expect(escalations).toEqual([expect.objectContaining({ ruleId: 'low', then, priority: 'high' })]);
    if (outcome === 'asked') {
      expect(questionIn(d.last.outputs)).toBe('why');
      expect(d.session).toMatchObject({ status: 'active', current: 'why' });
    } else if (outcome === 'paused') {
      expect(questionIn(d.last.outputs)).toBeUndefined();
      expect(d.session).toMatchObject({ status: 'active', current: 'why' });
    } else {
      expect(d.last.events).toContainEqual(expect.objectContaining({ type: 'survey.completed', endingId: 'sorry' }));
      expect(d.texts).toContain('Sorry to hear it');
      expect(questionIn(d.last.outputs)).toBeUndefined();
      expect(d.session).toMatchObject({ status: 'completed', current: null });
    }
  });

  it.each<[Locale]>([['en'], ['es']])('pause: a later resume re-asks the next question after "handoff.resume" (%s)', (locale) => {
    const { d } = run(thenScript('pause'), locale, ['1'], true);
    expect(d.last.outputs.filter((o) => o.type === 'question')).toEqual([]);
    d.turn({ type: 'resume' });
    expect(d.texts[0]).toBe(catalog[locale]!['handoff.resume']);
    expect(questionIn(d.last.outputs)).toBe('why');
    expect(d.session).toMatchObject({ status: 'active', current: 'why' });
  });

  it('pause by a keyword in an open answer keeps the answer and moves on silently', () => {
    const { d } = run(thenScript('pause'), 'en', ['3', 'I want a refund'], true);
    expect(d.last.events).toContainEqual(expect.objectContaining({ type: 'answer.recorded', questionId: 'why', value: 'I want a refund' }));
    expect(ruleIds(escalationsIn(d.last.events))).toEqual(['kw']);
    expect(questionIn(d.last.outputs)).toBeUndefined();
    expect(d.session).toMatchObject({ status: 'active', current: 'again' });
  });

  it('end by a keyword typed to a rating question ends the survey at once', () => {
    const { d } = run(thenScript('end'), 'en', ['refund!'], true);
    expect(d.session).toMatchObject({ status: 'completed', current: null });
    expect(d.texts).toContain('Bye');
  });
});

describe('escalation rules: compile problems', () => {
  const script = (rules: string): string => `
id: mini
title: { en: Mini, es: Mini }
defaultLocale: en
locales: [en, es]
questions:
  - { id: csat, type: rating, scale: csat, text: { en: Rate, es: Puntúa } }
endings:
  - { id: done, text: { en: Thanks, es: Gracias } }
escalation:
  - { id: ok, when: csat <= 2 }
${rules}
`;
  const problemsOf = (text: string): Problem[] => {
    const result = parseScriptYaml(text, catalog, 1);
    return result.ok ? [] : result.problems;
  };

  it.each<[string, string, Problem['code'], Problem['path']]>([
    ['a rule with neither when nor keywords', '  - { id: empty, priority: high }', 'SCHEMA', ['escalation', 1]],
    ['a rule with only then', '  - { id: empty, then: pause }', 'SCHEMA', ['escalation', 1]],
    ['keywords for a locale the survey does not list (zh-CN)', '  - { id: kw, keywords: { en: [refund], zh-CN: [退款] } }', 'UNKNOWN_LOCALE', ['escalation', 1, 'keywords', 'zh-CN']],
    ['keywords for a locale the survey does not list (fr)', '  - { id: kw, keywords: { fr: [remboursement] } }', 'UNKNOWN_LOCALE', ['escalation', 1, 'keywords', 'fr']],
  ])('refuses %s', (_name, rules, code, path) => {
    const problems = problemsOf(script(rules));
    const found = problems.find((p) => p.code === code && path.every((seg, i) => p.path[i] === seg));
    expect(found, JSON.stringify(problems)).toBeDefined();
  });

  it.each<[string, string]>([
    ['keywords only', '  - { id: kw, keywords: { en: [refund], es: [reembolso] } }'],
    ['when and keywords', '  - { id: kw, when: csat <= 2, keywords: { en: [refund] }, priority: urgent, then: end }'],
  ])('accepts a rule with %s', (_name, rules) => {
    expect(problemsOf(script(rules))).toEqual([]);
  });
});
