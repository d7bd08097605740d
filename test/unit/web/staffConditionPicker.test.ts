import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateCondition, parseCondition, type ConditionScope, type Value } from '../../../src/core/condition.js';
import { parseScriptYaml } from '../../../src/scripts/parseScriptYaml.js';
import { readSurvey, toText } from '../../../web/staff/surveys/builder/cards.js';
import { OPS_FOR, problemOf, readCondition, writeCondition, withOp, type AnswerKind, type Op, type PickerContext, type Row } from '../../../web/staff/surveys/builder/conditionPicker.js';
import { addJump, conditionAt, contextAt, placesOf, setCondition, type Place } from '../../../web/staff/surveys/builder/conditions.js';
import { fromTemplate, TEMPLATE_IDS } from '../../../web/staff/surveys/surveyTemplates.js';
import { catalog, DIALOGS_DIR } from '../../support/scripts.js';

/** One question of every kind, then `last`, whose show-if and jump may read them all. */
const SCRIPT = `# A survey with one question of every kind, for the picker.
id: picker
title: { en: Picker }
defaultLocale: en
locales: [en]
aspects: { gift_wrap: { en: [wrapping] } }
questions:
  # the overall score
  - id: rate
    type: rating
    scale: csat
    text: { en: Rate us }
  - id: range
    type: rating
    scale: { min: -2, max: 2 }
    text: { en: Better or worse? }
  - id: pick
    type: choice
    text: { en: Why? }
    options:
      - { id: late, label: { en: Late } }
      - { id: price, label: { en: Price } }
      - { id: other, label: { en: "It's other" } }
  - id: many
    type: choice
    multiple: true
    text: { en: Which? }
    options:
      - { id: red, label: { en: Red } }
      - { id: blue, label: { en: Blue } }
  - id: yes_no
    type: yesno
    text: { en: Again? }
  - id: says
    type: text
    required: false
    text: { en: Tell us }
  - id: feat
    type: kano
    feature: { en: gift wrapping }
  - id: last
    type: text
    required: false
    text: { en: Anything else? }
endings:
  - id: special
    if: answered(rate)
    text: { en: Special }
  - id: thanks
    text: { en: Thanks }
escalation:
  - { id: watch, keywords: { en: [refund] }, priority: high }
`;

const compile = (s: string) => parseScriptYaml(s, catalog, 1);
const survey = () => {
  const s = readSurvey(SCRIPT);
  if (!s) throw new Error('not readable');
  return s;
};

/** Each operator on each kind it fits, with a value, an answer it holds for and one it does not. */
interface Case {
  kind: AnswerKind | 'field';
  subject: string;
  op: Op;
  values: Row['values'];
  text: string;
  yes: Partial<ConditionScope>;
  no: Partial<ConditionScope>;
}
const A = (answers: Record<string, Value>): Partial<ConditionScope> => ({ answers });
const CASES: Case[] = [
  { kind: 'rating', subject: 'rate', op: 'eq', values: [3], text: 'rate == 3', yes: A({ rate: 3 }), no: A({ rate: 4 }) },
  { kind: 'rating', subject: 'rate', op: 'ne', values: [5], text: 'rate != 5', yes: A({ rate: 4 }), no: A({ rate: 5 }) },
  { kind: 'rating', subject: 'rate', op: 'lt', values: [3], text: 'rate < 3', yes: A({ rate: 2 }), no: A({ rate: 3 }) },
  { kind: 'rating', subject: 'rate', op: 'le', values: [2], text: 'rate <= 2', yes: A({ rate: 2 }), no: A({ rate: 3 }) },
  { kind: 'rating', subject: 'range', op: 'gt', values: [-1], text: 'range > -1', yes: A({ range: 0 }), no: A({ range: -1 }) },
  { kind: 'rating', subject: 'range', op: 'ge', values: [-2], text: 'range >= -2', yes: A({ range: -2 }), no: A({}) },
  { kind: 'rating', subject: 'rate', op: 'in', values: [1, 5], text: 'rate in [1, 5]', yes: A({ rate: 5 }), no: A({ rate: 3 }) },
  { kind: 'rating', subject: 'rate', op: 'answered', values: [], text: 'answered(rate)', yes: A({ rate: 1 }), no: A({ rate: null }) },
  { kind: 'rating', subject: 'rate', op: 'notAnswered', values: [], text: 'not answered(rate)', yes: A({ rate: null }), no: A({ rate: 2 }) },
  { kind: 'rating', subject: 'rate', op: 'skipped', values: [], text: 'skipped(rate)', yes: A({ rate: null }), no: A({}) },
  { kind: 'choice', subject: 'pick', op: 'eq', values: ['late'], text: "pick == 'late'", yes: A({ pick: 'late' }), no: A({ pick: 'price' }) },
  { kind: 'choice', subject: 'pick', op: 'ne', values: ['late'], text: "pick != 'late'", yes: A({ pick: 'price' }), no: A({ pick: 'late' }) },
  { kind: 'choice', subject: 'pick', op: 'in', values: ['late', 'other'], text: "pick in ['late', 'other']", yes: A({ pick: 'other' }), no: A({ pick: 'price' }) },
  { kind: 'choice', subject: 'pick', op: 'answered', values: [], text: 'answered(pick)', yes: A({ pick: 'late' }), no: A({}) },
  { kind: 'choice', subject: 'pick', op: 'notAnswered', values: [], text: 'not answered(pick)', yes: A({}), no: A({ pick: 'late' }) },
  { kind: 'choice', subject: 'pick', op: 'skipped', values: [], text: 'skipped(pick)', yes: A({ pick: null }), no: A({ pick: 'late' }) },
  { kind: 'multi', subject: 'many', op: 'contains', values: ['blue'], text: "contains(many, 'blue')", yes: A({ many: ['red', 'blue'] }), no: A({ many: ['red'] }) },
  { kind: 'multi', subject: 'many', op: 'answered', values: [], text: 'answered(many)', yes: A({ many: ['red'] }), no: A({ many: null }) },
  { kind: 'multi', subject: 'many', op: 'notAnswered', values: [], text: 'not answered(many)', yes: A({ many: null }), no: A({ many: ['red'] }) },
  { kind: 'multi', subject: 'many', op: 'skipped', values: [], text: 'skipped(many)', yes: A({ many: null }), no: A({ many: ['red'] }) },
  { kind: 'yesno', subject: 'yes_no', op: 'eq', values: [false], text: 'yes_no == false', yes: A({ yes_no: false }), no: A({ yes_no: true }) },
  { kind: 'yesno', subject: 'yes_no', op: 'ne', values: [true], text: 'yes_no != true', yes: A({ yes_no: false }), no: A({ yes_no: true }) },
  { kind: 'yesno', subject: 'yes_no', op: 'answered', values: [], text: 'answered(yes_no)', yes: A({ yes_no: false }), no: A({}) },
  { kind: 'yesno', subject: 'yes_no', op: 'notAnswered', values: [], text: 'not answered(yes_no)', yes: A({}), no: A({ yes_no: false }) },
  { kind: 'yesno', subject: 'yes_no', op: 'skipped', values: [], text: 'skipped(yes_no)', yes: A({ yes_no: null }), no: A({ yes_no: true }) },
  { kind: 'text', subject: 'says', op: 'sentimentBelow', values: [-0.4], text: 'sentiment(says) < -0.4', yes: { answers: { says: 'bad' }, sentiment: { says: -0.6 } }, no: { answers: { says: 'ok' }, sentiment: { says: 0 } } },
  { kind: 'text', subject: 'says', op: 'sentimentAbove', values: [0.5], text: 'sentiment(says) > 0.5', yes: { answers: { says: 'great' }, sentiment: { says: 0.8 } }, no: { answers: { says: 'ok' }, sentiment: { says: 0.5 } } },
  { kind: 'text', subject: 'says', op: 'sentimentLabel', values: ['negative'], text: "sentimentLabel(says) == 'negative'", yes: { answers: { says: 'bad' }, sentimentLabel: { says: 'negative' } }, no: { answers: { says: 'meh' }, sentimentLabel: { says: 'mixed' } } },
  { kind: 'text', subject: 'says', op: 'sentimentLabelIn', values: ['negative', 'mixed'], text: "sentimentLabel(says) in ['negative', 'mixed']", yes: { answers: { says: 'meh' }, sentimentLabel: { says: 'mixed' } }, no: { answers: { says: '?' }, sentimentLabel: { says: 'unsure' } } },
  { kind: 'text', subject: 'says', op: 'confidenceAtLeast', values: [0.8], text: 'confidence(says) >= 0.8', yes: { answers: { says: 'bad' }, confidence: { says: 0.8 } }, no: { answers: { says: 'hm' }, confidence: { says: 0.79 } } },
  { kind: 'text', subject: 'says', op: 'mentions', values: ['gift_wrap'], text: "mentions(says, 'gift_wrap')", yes: { answers: { says: 'x' }, mentioned: { says: ['gift_wrap'] } }, no: { answers: { says: 'x' }, mentioned: { says: ['delivery'] } } },
  { kind: 'text', subject: 'says', op: 'contains', values: ["don't"], text: `contains(says, "don't")`, yes: A({ says: "I DON'T like it" }), no: A({ says: 'I do' }) },
  { kind: 'text', subject: 'says', op: 'mismatch', values: [], text: 'mismatch(says)', yes: { answers: { says: 'x' }, mismatched: ['says'] }, no: A({ says: 'x' }) },
  { kind: 'text', subject: 'says', op: 'answered', values: [], text: 'answered(says)', yes: A({ says: 'x' }), no: A({}) },
  { kind: 'text', subject: 'says', op: 'notAnswered', values: [], text: 'not answered(says)', yes: A({ says: null }), no: A({ says: 'x' }) },
  { kind: 'text', subject: 'says', op: 'skipped', values: [], text: 'skipped(says)', yes: A({ says: null }), no: A({ says: 'x' }) },
  { kind: 'kano', subject: 'feat', op: 'kano', values: ['attractive'], text: "kano(feat) == 'attractive'", yes: A({ feat: ['like', 'neutral'] }), no: A({ feat: ['like', 'dislike'] }) },
  { kind: 'kano', subject: 'feat', op: 'answered', values: [], text: 'answered(feat)', yes: A({ feat: ['like', 'neutral'] }), no: A({ feat: null }) },
  { kind: 'kano', subject: 'feat', op: 'notAnswered', values: [], text: 'not answered(feat)', yes: A({}), no: A({ feat: ['like', 'neutral'] }) },
  { kind: 'kano', subject: 'feat', op: 'skipped', values: [], text: 'skipped(feat)', yes: A({ feat: null }), no: A({}) },
  { kind: 'field', subject: 'customer.tier', op: 'eq', values: ['gold'], text: "customer.tier == 'gold'", yes: { customer: { tier: 'Gold' } }, no: { customer: { tier: 'silver' } } },
  { kind: 'field', subject: 'customer.tier', op: 'ne', values: ['gold'], text: "customer.tier != 'gold'", yes: { customer: { tier: 'silver' } }, no: { customer: { tier: 'gold' } } },
  { kind: 'field', subject: 'order.total', op: 'lt', values: [50.5], text: 'order.total < 50.5', yes: { order: { total: 10 } }, no: { order: { total: 60 } } },
  { kind: 'field', subject: 'order.total', op: 'le', values: [50], text: 'order.total <= 50', yes: { order: { total: 50 } }, no: { order: { total: 51 } } },
  { kind: 'field', subject: 'order.total', op: 'gt', values: [100], text: 'order.total > 100', yes: { order: { total: 101 } }, no: { order: {} } },
  { kind: 'field', subject: 'customer.address.city', op: 'ge', values: ['m'], text: "customer.address.city >= 'm'", yes: { customer: { address: { city: 'paris' } } }, no: { customer: { address: { city: 'berlin' } } } },
  { kind: 'field', subject: 'customer.tier', op: 'in', values: ['gold', 'silver', 7, true], text: "customer.tier in ['gold', 'silver', 7, true]", yes: { customer: { tier: 7 } }, no: { customer: { tier: 'bronze' } } },
  { kind: 'field', subject: 'customer.vip', op: 'eq', values: [true], text: 'customer.vip == true', yes: { customer: { vip: true } }, no: { customer: { vip: false } } },
];

const scope = (s: Partial<ConditionScope>): ConditionScope => ({ answers: {}, sentiment: {}, customer: {}, order: {}, ...s });
/** Places where every question above can be read: the last question's show-if and jump, an ending, a rule. */
const PLACES: Place[] = [
  { kind: 'question', index: 7 },
  { kind: 'jump', index: 7, jump: 0 },
  { kind: 'ending', index: 0 },
  { kind: 'rule', index: 0 },
];

describe('the condition picker', () => {
  it('has a case for every operator of every kind of question', () => {
    for (const [kind, ops] of Object.entries(OPS_FOR)) {
      expect([...new Set(CASES.filter((c) => c.kind === kind).map((c) => c.op))].sort(), kind).toEqual([...ops].sort());
    }
  });

  describe.each(CASES.map((c) => [`${c.kind} ${c.op}`, c] as const))('%s', (_name, c) => {
    const s = survey();
    const ctx = contextAt(s.doc, PLACES[0]!);
    const row: Row = { subject: c.subject, op: c.op, values: c.values };

    it('writes the text the condition language means, which the server parses', () => {
      expect(problemOf(row, ctx)).toBeUndefined();
      const text = writeCondition({ join: 'and', rows: [row] }, ctx);
      expect(text).toBe(c.text);
      const parsed = parseCondition(text);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      expect(evaluateCondition(parsed.condition, scope(c.yes))).toBe(true);
      expect(evaluateCondition(parsed.condition, scope(c.no))).toBe(false);
    });

    it('reads it back as the same row', () => {
      expect(readCondition(c.text, ctx)).toEqual({ ok: true, picked: { join: 'and', rows: [row] } });
    });

    it.each(PLACES.map((p) => [p.kind, p] as const))('validates against the script as a %s condition', (_kind, place) => {
      const doc = survey();
      if (place.kind === 'jump') addJump(doc.doc, place.index);
      setCondition(doc.doc, place, c.text);
      const out = toText(doc.doc, doc.padded);
      expect(conditionAt(readSurvey(out)!.doc, place)).toBe(c.text);
      const result = compile(out);
      expect(result.ok ? [] : result.problems).toEqual([]);
    });
  });

  it('joins rows with and / or, and reads the joins back', () => {
    const s = survey();
    const ctx = contextAt(s.doc, PLACES[0]!);
    // A condition is at most 500 characters: a row of every fourth case.
    const rows = CASES.filter((_, i) => i % 4 === 0).map((c): Row => ({ subject: c.subject, op: c.op, values: c.values }));
    for (const join of ['and', 'or'] as const) {
      const text = writeCondition({ join, rows }, ctx);
      expect(parseCondition(text).ok).toBe(true);
      expect(readCondition(text, ctx)).toEqual({ ok: true, picked: { join, rows } });
      setCondition(s.doc, { kind: 'rule', index: 0 }, text);
      expect(compile(toText(s.doc)).ok).toBe(true);
    }
    // Each row means what it means alone: "and" holds when all do, "or" when one does.
    const two = (join: 'and' | 'or') => parseCondition(writeCondition({ join, rows: [{ subject: 'rate', op: 'le', values: [2] }, { subject: 'pick', op: 'eq', values: ['late'] }] }, ctx));
    const both = scope({ answers: { rate: 1, pick: 'late' } });
    const one = scope({ answers: { rate: 1, pick: 'price' } });
    const and = two('and');
    const or = two('or');
    if (!and.ok || !or.ok) throw new Error('did not parse');
    expect([evaluateCondition(and.condition, both), evaluateCondition(and.condition, one)]).toEqual([true, false]);
    expect([evaluateCondition(or.condition, both), evaluateCondition(or.condition, one)]).toEqual([true, true]);
  });

  it('offers only the questions asked before the place: none before the first question, the question itself for its jump', () => {
    const { doc } = survey();
    const ids = (p: Place) => contextAt(doc, p).questions.map((q) => q.id);
    expect(ids({ kind: 'question', index: 0 })).toEqual([]);
    expect(ids({ kind: 'question', index: 2 })).toEqual(['rate', 'range']);
    expect(ids({ kind: 'jump', index: 2, jump: 0 })).toEqual(['rate', 'range', 'pick']);
    expect(ids({ kind: 'ending', index: 0 })).toHaveLength(8);
    expect(ids({ kind: 'rule', index: 0 })).toHaveLength(8);
    // A later question in the text is not shown as rows: it would be refused there.
    expect(readCondition('pick == "late"', contextAt(doc, { kind: 'question', index: 2 }))).toEqual({ ok: false, why: 'notHere', detail: 'pick' });
  });

  it('offers values from the question: the scale, the choice ids, the aspects', () => {
    const ctx = contextAt(survey().doc, PLACES[0]!);
    const q = (id: string) => ctx.questions.find((x) => x.id === id)!;
    expect(q('rate')).toMatchObject({ kind: 'rating', values: [1, 2, 3, 4, 5] });
    expect(q('range')).toMatchObject({ kind: 'rating', values: [-2, -1, 0, 1, 2] });
    expect(q('pick')).toMatchObject({ kind: 'choice', values: ['late', 'price', 'other'], labels: { late: 'Late', price: 'Price', other: "It's other" } });
    expect(q('many')).toMatchObject({ kind: 'multi', values: ['red', 'blue'] });
    expect(ctx.aspects).toEqual(['delivery', 'product_quality', 'price', 'staff', 'website', 'gift_wrap']);
  });

  it('refuses an operator or a value that does not fit the question', () => {
    const ctx = contextAt(survey().doc, PLACES[0]!);
    expect(problemOf({ subject: 'says', op: 'lt', values: [3] }, ctx)).toBe('shape');
    expect(problemOf({ subject: 'rate', op: 'mentions', values: ['price'] }, ctx)).toBe('shape');
    expect(problemOf({ subject: 'rate', op: 'eq', values: [6] }, ctx)).toBe('value');
    expect(problemOf({ subject: 'pick', op: 'eq', values: ['nope'] }, ctx)).toBe('value');
    expect(problemOf({ subject: 'says', op: 'sentimentBelow', values: [-2] }, ctx)).toBe('value');
    expect(problemOf({ subject: 'says', op: 'mentions', values: ['weather'] }, ctx)).toBe('value');
    expect(problemOf({ subject: 'customer.', op: 'eq', values: ['x'] }, ctx)).toBe('empty');
    expect(problemOf({ subject: 'customer.tier', op: 'eq', values: [''] }, ctx)).toBe('empty');
    expect(problemOf({ subject: 'customer.__proto__', op: 'eq', values: ['x'] }, ctx)).toBe('empty');
    // A field value typed as "3" is written 3, so a quoted '3' is not something the rows can say.
    expect(problemOf({ subject: 'customer.tier', op: 'eq', values: ['3'] }, ctx)).toBe('value');
    // Incomplete rows are left out of the text; with none complete, there is no condition.
    expect(writeCondition({ join: 'and', rows: [{ subject: 'rate', op: 'eq', values: [9] }] }, ctx)).toBe('');
  });

  it('keeps a value when the operator changes and it still fits, else starts from one that does', () => {
    const ctx = contextAt(survey().doc, PLACES[0]!);
    expect(withOp({ subject: 'rate', op: 'le', values: [2] }, 'in', ctx).values).toEqual([2]);
    expect(withOp({ subject: 'rate', op: 'in', values: [2, 3] }, 'eq', ctx).values).toEqual([2]);
    expect(withOp({ subject: 'rate', op: 'eq', values: [2] }, 'answered', ctx).values).toEqual([]);
    expect(withOp({ subject: 'says', op: 'answered', values: [] }, 'sentimentAbove', ctx).values).toEqual([0.4]);
    expect(withOp({ subject: 'says', op: 'answered', values: [] }, 'mentions', ctx).values).toEqual(['delivery']);
    expect(withOp({ subject: 'says', op: 'answered', values: [] }, 'sentimentLabel', ctx).values).toEqual(['negative']);
    expect(withOp({ subject: 'says', op: 'sentimentLabel', values: ['mixed'] }, 'sentimentLabelIn', ctx).values).toEqual(['mixed']);
    expect(withOp({ subject: 'says', op: 'sentimentLabelIn', values: ['unsure', 'mixed'] }, 'sentimentLabel', ctx).values).toEqual(['unsure']);
    // A sentiment score is not a confidence, though 0.4 would fit: the confidence starts at 0.8.
    expect(withOp({ subject: 'says', op: 'sentimentAbove', values: [0.4] }, 'confidenceAtLeast', ctx).values).toEqual([0.8]);
    expect(withOp({ subject: 'says', op: 'confidenceAtLeast', values: [0.6] }, 'sentimentAbove', ctx).values).toEqual([0.6]);
  });

  // Texts the rows cannot say exactly stay text: the picker reports why and writes nothing.
  const UNREADABLE: [string, string][] = [
    ['rate <= 2 or rate >= 4 and yes_no == true', 'mixed'],
    ['rate <=', 'syntax'],
    ['count(many) >= 2', 'shape'],
    ['contains(customer.tags, "vip")', 'shape'],
    ['sentiment(says) <= -0.4', 'shape'],
    ['-0.4 > sentiment(says)', 'shape'],
    ['2 >= rate', 'shape'],
    ['not (rate <= 2)', 'shape'],
    ['rate', 'shape'],
    ['kano(feat) != "must_be"', 'shape'],
    ['customer["tier"] == "gold"', 'shape'],
    ['says <= 3', 'shape'],
    ['rate == 7', 'value'],
    ['rate == 2.5', 'value'],
    ['pick == "Late"', 'value'],
    ['yes_no == "yes"', 'value'],
    ['customer.tier == "3"', 'value'],
    ['mentions(says, "weather")', 'value'],
    ['sentimentLabel(says) == "angry"', 'value'],
    ['sentimentLabel(says) in ["negative", "angry"]', 'value'],
    ['confidence(says) >= 1.5', 'value'],
    ['sentimentLabel(says) != "negative"', 'shape'],
    ['confidence(says) > 0.8', 'shape'],
    ['0.8 <= confidence(says)', 'shape'],
    ['confidence(says) >= "high"', 'value'],
    ['sentimentLabel(rate) == "negative"', 'shape'],
    ['sentiment(says) in [-1, 1]', 'shape'],
    ['cast <= 2', 'notHere'],
  ];
  it.each(UNREADABLE)('leaves %j as text (%s)', (text, why) => {
    const ctx = contextAt(survey().doc, PLACES[0]!);
    expect(readCondition(text, ctx)).toMatchObject({ ok: false, why });
  });

  it('reads a label with a confidence, as the reference writes it, as two rows and writes it back the same', () => {
    const ctx = contextAt(survey().doc, PLACES[0]!);
    const text = "sentimentLabel(says) == 'negative' and confidence(says) >= 0.8";
    const rows: Row[] = [
      { subject: 'says', op: 'sentimentLabel', values: ['negative'] },
      { subject: 'says', op: 'confidenceAtLeast', values: [0.8] },
    ];
    expect(readCondition(text, ctx)).toEqual({ ok: true, picked: { join: 'and', rows } });
    expect(writeCondition({ join: 'and', rows }, ctx)).toBe(text);
    // A list of one label stays a list: the rows write what was read, not "==".
    const one = readCondition('sentimentLabel(says) in ["unsure"]', ctx);
    expect(one).toEqual({ ok: true, picked: { join: 'and', rows: [{ subject: 'says', op: 'sentimentLabelIn', values: ['unsure'] }] } });
    if (one.ok) expect(writeCondition(one.picked, ctx)).toBe("sentimentLabel(says) in ['unsure']");
  });

  it('reads word and symbol spellings and brackets, and writes them in words', () => {
    const ctx = contextAt(survey().doc, PLACES[0]!);
    const r = readCondition('(rate <= 2) && !answered(says) && yes_no == true', ctx);
    expect(r.ok).toBe(true);
    if (r.ok) expect(writeCondition(r.picked, ctx)).toBe('rate <= 2 and not answered(says) and yes_no == true');
  });

  it('reads every condition of the sample surveys and templates as rows', () => {
    const sources = [...['post-purchase.yaml', 'feature-check.yaml', 'recovery.yaml'].map((f) => readFileSync(join(DIALOGS_DIR, f), 'utf8')), ...TEMPLATE_IDS.map((t) => fromTemplate(t, 'x'))];
    let seen = 0;
    for (const source of sources) {
      const { doc } = readSurvey(source)!;
      for (const place of placesOf(doc)) {
        const text = conditionAt(doc, place);
        if (!text) continue;
        seen++;
        const reading = readCondition(text, contextAt(doc, place));
        expect(reading, `${text} at ${JSON.stringify(place)}`).toMatchObject({ ok: true });
        if (reading.ok) expect(parseCondition(writeCondition(reading.picked, contextAt(doc, place))).ok).toBe(true);
      }
    }
    expect(seen).toBeGreaterThan(15);
  });

  it('adds a jump after a question that reads its answer and goes past the next question', () => {
    const s = survey();
    addJump(s.doc, 0);
    const out = toText(s.doc, s.padded);
    expect(out).toContain('    next:\n      - { if: rate <= 2, to: pick }\n');
    expect(compile(out).ok).toBe(true);
    expect(readSurvey(out)!.cards[0]!.jumps).toEqual([{ condition: 'rate <= 2', to: 'pick' }]);
  });

  it('writes quotes YAML needs in flow maps, and the value comes back as written', () => {
    const s = survey();
    const text = "pick in ['late', 'other'] or contains(says, 'a: b, #c')";
    const ctx: PickerContext = contextAt(s.doc, { kind: 'rule', index: 0 });
    expect(readCondition(text, ctx).ok).toBe(true);
    setCondition(s.doc, { kind: 'rule', index: 0 }, text);
    const out = toText(s.doc, s.padded);
    expect(out).toContain('- { id: watch, when: "');
    expect(readSurvey(out)!.rules[0]!.condition).toBe(text);
    expect(compile(out).ok).toBe(true);
  });
});
