import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { localeCoverage } from '../../src/admin/localeCoverage.js';
import { evaluateCondition, parseCondition, type ConditionScope } from '../../src/core/condition.js';
import { formatProblem, type Problem } from '../../src/core/problem.js';
import type { CompiledQuestion } from '../../src/core/script/compiled.js';
import { parseScriptYaml } from '../../src/scripts/parseScriptYaml.js';
import { catalog, compileYaml } from '../support/scripts.js';

/** A valid script with two Kano questions; each case below breaks one thing in it. */
const VALID = `
id: kano-mini
title: { en: Mini, es: Mini }
defaultLocale: en
locales: [en, es]
questions:
  - id: csat
    type: rating
    scale: csat
    text: { en: How was it?, es: ¿Qué tal? }
  - id: wrap
    type: kano
    feature: { en: gift wrapping, es: envoltorio de regalo }
  - id: track
    type: kano
    required: false
    feature: { en: live tracking, es: seguimiento en directo }
    functional: { en: "How would you like {{feature}} on a map, {{customer.name|friend}}?", es: "¿Qué te parecería {{feature}} en un mapa?" }
    dysfunctional: { en: "And with no {{ feature }} at all?", es: "¿Y sin {{feature}}?" }
endings:
  - { id: bye, text: { en: "Thanks ({{wrap}})", es: "Gracias ({{wrap}})" } }
escalation:
  - id: must_have
    when: kano(wrap) == "must_be"
`;

function problemsOf(text: string): Problem[] {
  const result = parseScriptYaml(text, catalog, 1);
  return result.ok ? [] : result.problems;
}

function brk(from: string, to: string): string {
  if (!VALID.includes(from)) throw new Error(`fixture has no ${from}`);
  return VALID.replace(from, to);
}

type Kano = Extract<CompiledQuestion, { type: 'kano' }>;

describe('kano questions in scripts', () => {
  it('compiles the two forms: the defaults from locales/ and the script\'s own, with {{feature}} filled in', () => {
    const script = compileYaml(VALID);
    const [, wrap, track] = script.questions as [CompiledQuestion, Kano, Kano];
    expect(wrap).toMatchObject({
      type: 'kano',
      required: true,
      feature: { en: 'gift wrapping', es: 'envoltorio de regalo' },
      text: { en: 'How would you feel if we offered gift wrapping?', es: '¿Cómo te sentirías si ofreciéramos envoltorio de regalo?' },
      dysfunctional: { en: 'And how would you feel if we did not offer gift wrapping?', es: '¿Y cómo te sentirías si no ofreciéramos envoltorio de regalo?' },
    });
    expect(track).toMatchObject({
      required: false,
      text: { en: 'How would you like live tracking on a map, {{customer.name|friend}}?', es: '¿Qué te parecería seguimiento en directo en un mapa?' },
      dysfunctional: { en: 'And with no live tracking at all?', es: '¿Y sin seguimiento en directo?' },
    });
    expect(wrap.options.map((o) => [o.id, o.label.en, o.label.es])).toEqual([
      ['like', "I'd like it", 'Me gustaría'],
      ['expect', "I'd expect it", 'Lo esperaría'],
      ['neutral', "I'm neutral", 'Me da igual'],
      ['tolerate', 'I could live with it', 'Lo toleraría'],
      ['dislike', "I'd dislike it", 'No me gustaría'],
    ]);
    // The label first, then the words customers type, their own language's before English.
    expect(wrap.options[4]!.names.es!.slice(0, 2)).toEqual(['No me gustaría', 'no me gusta']);
    expect(wrap.options[4]!.names.es).toContain("i'd hate that");
  });

  it.each<[string, string, Partial<Problem> & { code: Problem['code']; path: Problem['path'] }]>([
    ['a feature missing in a declared locale', brk('feature: { en: gift wrapping, es: envoltorio de regalo }', 'feature: { en: gift wrapping }'),
      { code: 'MISSING_TEXT', path: ['questions', 1, 'feature', 'es'], questionId: 'wrap', locale: 'es' }],
    ['no feature at all', brk('    feature: { en: gift wrapping, es: envoltorio de regalo }\n', ''),
      { code: 'SCHEMA', path: ['questions', 1, 'feature'] }],
    ['a `text` on a kano question (its forms are its questions)', brk('    feature: { en: gift wrapping,', '    text: { en: Hi, es: Hola }\n    feature: { en: gift wrapping,'),
      { code: 'SCHEMA', path: ['questions', 1] }],
    ['the functional form without the dysfunctional one', brk('    dysfunctional: { en: "And with no {{ feature }} at all?", es: "¿Y sin {{feature}}?" }\n', ''),
      { code: 'KANO_FORMS', path: ['questions', 2, 'functional'], questionId: 'track' }],
    ['the dysfunctional form without the functional one', brk('    functional: { en: "How would you like {{feature}} on a map, {{customer.name|friend}}?", es: "¿Qué te parecería {{feature}} en un mapa?" }\n', ''),
      { code: 'KANO_FORMS', path: ['questions', 2, 'dysfunctional'], questionId: 'track' }],
    ['the same text for both forms', brk('es: "¿Y sin {{feature}}?"', 'es: "¿Qué te parecería {{feature}} en un mapa?"'),
      { code: 'KANO_SAME_TEXT', path: ['questions', 2, 'dysfunctional', 'es'], questionId: 'track', locale: 'es' }],
    ['a form in an undeclared locale', brk('es: "¿Y sin {{feature}}?"', 'es: "¿Y sin {{feature}}?", fr: "Et sans ?"'),
      { code: 'UNKNOWN_LOCALE', path: ['questions', 2, 'dysfunctional', 'fr'], locale: 'fr' }],
    ['a placeholder for an unknown question in a form', brk('"And with no {{ feature }} at all?"', '"And with no {{ featur }} at all?"'),
      { code: 'UNKNOWN_QUESTION', path: ['questions', 2, 'dysfunctional', 'en'], questionId: 'track' }],
    ['kano() on a question that is not a kano question', brk('kano(wrap) == "must_be"', 'kano(csat) == "must_be"'),
      { code: 'NOT_KANO', path: ['escalation', 0, 'when'] }],
    ['kano() on a later question', brk('    feature: { en: gift wrapping, es: envoltorio de regalo }\n', '    feature: { en: gift wrapping, es: envoltorio de regalo }\n    if: kano(track) == "attractive"\n'),
      { code: 'LATER_QUESTION', path: ['questions', 1, 'if'], questionId: 'wrap' }],
    ['a kano question with options of its own', brk('    feature: { en: gift wrapping,', '    options: []\n    feature: { en: gift wrapping,'),
      { code: 'SCHEMA', path: ['questions', 1] }],
  ])('reports %s with its path and line', (_name, yaml, expected) => {
    const problems = problemsOf(yaml);
    expect(problems).toContainEqual(expect.objectContaining(expected));
    for (const p of problems) expect(p.line, formatProblem(p)).toBeGreaterThan(0);
  });

  it('accepts the valid fixture', () => {
    expect(problemsOf(VALID)).toEqual([]);
  });

  it('lists the kano texts in the locale coverage', () => {
    const rows = localeCoverage(parse(brk('es: envoltorio de regalo', 'fr: emballage')), catalog).rows;
    expect(rows).toContainEqual({ path: 'questions[1].feature', label: 'question wrap, feature', what: { kind: 'feature', question: 'wrap' }, missing: ['es'] });
    expect(rows).toContainEqual({ path: 'questions[2].dysfunctional', label: 'question track, without the feature', what: { kind: 'dysfunctional', question: 'track' }, missing: [] });
  });
});

describe('kano() in conditions', () => {
  const scope = (answers: ConditionScope['answers']): ConditionScope => ({ answers, sentiment: {}, customer: {}, order: {} });
  const holds = (source: string, answers: ConditionScope['answers']) => {
    const parsed = parseCondition(source);
    if (!parsed.ok) throw new Error(parsed.message);
    return evaluateCondition(parsed.condition, scope(answers));
  };

  it.each<[string, ConditionScope['answers'], boolean]>([
    ['kano(wrap) == "must_be"', { wrap: ['neutral', 'dislike'] }, true],
    ['kano(wrap) == "attractive"', { wrap: ['like', 'neutral'] }, true],
    ['kano(wrap) == "one_dimensional"', { wrap: ['like', 'dislike'] }, true],
    ['kano(wrap) in ["reverse", "questionable"]', { wrap: ['dislike', 'dislike'] }, true],
    ['kano(wrap) == "must_be"', { wrap: ['like', 'dislike'] }, false],
    // Not answered, skipped, or not a pair: no category, so no comparison holds.
    ['kano(wrap) != "must_be"', {}, false],
    ['kano(wrap) != "must_be"', { wrap: null }, false],
    ['kano(wrap) != "must_be"', { wrap: ['like'] }, false],
    ['kano(wrap) != "must_be"', { wrap: ['like', 'love'] }, false],
    ['contains(wrap, "like") and answered(wrap)', { wrap: ['like', 'dislike'] }, true],
  ])('%s with %j → %s', (source, answers, expected) => {
    expect(holds(source, answers)).toBe(expected);
  });

  it('names the questions kano() reads', () => {
    const parsed = parseCondition('kano(a) == "must_be" or csat < 3');
    expect(parsed.ok && [parsed.condition.kanoRefs, parsed.condition.questionRefs.sort()]).toEqual([['a'], ['a', 'csat']]);
  });
});
