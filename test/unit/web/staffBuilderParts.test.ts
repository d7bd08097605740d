import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScriptYaml } from '../../../src/scripts/parseScriptYaml.js';
import { moveQuestionTo, readSurvey, setField, toText, type Survey } from '../../../web/staff/surveys/builder/cards.js';
import { addOption, deleteOption, moveOption, setOptionId, setOptionLabel, setSynonyms } from '../../../web/staff/surveys/builder/choices.js';
import { addJump, deleteJump, setCondition, setJumpTarget } from '../../../web/staff/surveys/builder/conditions.js';
import { addEnding, deleteEnding, moveEnding, setEndingId, setEndingText } from '../../../web/staff/surveys/builder/endings.js';
import { addRule, deleteRule, minConfidenceProblem, setKeywords, setMinConfidence, setRuleField } from '../../../web/staff/surveys/builder/rules.js';
import { setScaleEnd, setScaleLabel } from '../../../web/staff/surveys/builder/scales.js';
import { catalog, DIALOGS_DIR } from '../../support/scripts.js';

/** The sample survey, with comments above an option, an ending and a rule too. */
const SOURCE = readFileSync(join(DIALOGS_DIR, 'post-purchase.yaml'), 'utf8')
  .replace('      - id: price\n', '      # price complaints go to the pricing team\n      - id: price\n')
  .replace('  - id: unhappy\n', '  # unhappy, but no callback wanted\n  - id: unhappy\n')
  .replace('  - id: detractor\n', '  # every detractor, whatever they wrote\n  - id: detractor\n');
const Q = { csat: 0, delivery: 1, value: 3, improve: 4, nps: 5, reason: 6, contact: 7, liked: 8 };

const comments = (s: string) => s.split('\n').filter((l) => /^\s*#/.test(l)).map((l) => l.trim());
const topKeys = (s: string) => s.split('\n').filter((l) => /^[a-zA-Z]\w*:/.test(l)).map((l) => l.split(':')[0]);
/** The one thing the writer may change untouched: spaces just inside [..] and {..}. */
const flowSpacing = (s: string) => s.replace(/([[{]) +/g, '$1').replace(/ +([\]}])/g, '$1');
const read = (s: string): Survey => {
  const survey = readSurvey(s);
  if (!survey) throw new Error('not readable');
  return survey;
};
const write = (s: Survey) => toText(s.doc, s.padded);
const compile = (s: string) => parseScriptYaml(s, catalog, 1);

describe('cards for endings, rules, choices, scales and jumps, over the YAML document', () => {
  it('reads the text back unchanged without an edit', () => {
    expect(flowSpacing(write(read(SOURCE)))).toBe(flowSpacing(SOURCE));
  });

  it('reads endings, rules, choices with synonyms and jumps', () => {
    const s = read(SOURCE);
    expect(s.endings.map((e) => [e.id, e.condition])).toEqual([
      ['callback', 'contact_ok == true'],
      ['unhappy', 'csat <= 3 or nps <= 6'],
      ['happy', ''],
    ]);
    expect(s.endings[2]!.texts.es).toBe('¡Gracias! Nos alegra que estés contento y esperamos verte pronto.');
    expect(s.rules.find((r) => r.id === 'refund_mentioned')).toMatchObject({ condition: '', priority: 'high', then: '', keywords: { 'zh-CN': ['退款', '退钱', '投诉', '取消订单'] } });
    expect(s.rules.find((r) => r.id === 'angry_comment')).toMatchObject({ condition: "sentimentLabel(improve) == 'negative'", minConfidence: '0.6', keywords: {} });
    const reason = s.cards[Q.reason]!;
    expect(reason).toMatchObject({ condition: 'nps <= 6', multiple: false, jumps: [] });
    expect(reason.options[1]).toEqual({ id: 'product_quality', labels: { en: 'Product quality', 'zh-CN': '商品质量', es: 'Calidad del producto' }, missing: [], synonyms: { en: ['quality', 'broken', 'defective'], 'zh-CN': ['质量', '坏了', '有瑕疵'], es: ['calidad', 'roto', 'defectuoso'] } });
  });

  it('reads a custom scale with its end labels, and a jump list', () => {
    const s = read(SOURCE.replace('    scale: nps\n', '    scale:\n      min: 0\n      max: 4\n      minLabel: { en: Never, zh-CN: 从不, es: Nunca }\n    next:\n      - { if: nps >= 3, to: liked }\n'));
    expect(s.cards[Q.nps]).toMatchObject({ scale: 'custom', custom: { min: 0, max: 4, minLabel: { en: 'Never', 'zh-CN': '从不', es: 'Nunca' }, maxLabel: {} }, jumps: [{ condition: 'nps >= 3', to: 'liked' }] });
  });

  type Where = ['questions' | 'endings' | 'escalation', number];
  /** A deleted item's comments go with it; a moved one's move with it. */
  const lost = (...starts: string[]) => comments(SOURCE).filter((c) => !starts.some((s) => c.startsWith(s)));
  // Every edit: comments and top-level key order stay, and the result compiles or its problems
  // are all on the card that was edited.
  const EDITS: [string, (s: Survey) => Where, ((out: string) => void)?][] = [
    ['ending text', (s) => (setEndingText(s.doc, 1, 'es', 'Gracias por contárnoslo.'), ['endings', 1])],
    ['ending text removed', (s) => (setEndingText(s.doc, 1, 'zh-CN', ''), ['endings', 1])],
    ['ending id', (s) => (setEndingId(s.doc, 0, 'call_back'), ['endings', 0])],
    ['ending condition', (s) => (setCondition(s.doc, { kind: 'ending', index: 1 }, 'csat <= 2'), ['endings', 1])],
    ['ending condition removed (now every ending after it is unreachable)', (s) => (setCondition(s.doc, { kind: 'ending', index: 1 }, ''), ['endings', 1])],
    ['ending added', (s) => ['endings', addEnding(s.doc)]],
    ['ending deleted', (s) => (deleteEnding(s.doc, 0), ['endings', 0]), (out) => expect(comments(out)).toEqual(lost('# No promise', '# this chat'))],
    ['ending moved up', (s) => ['endings', moveEnding(s.doc, 1, -1)], (out) => expect(out).toContain('endings:\n  # unhappy, but no callback wanted\n  - id: unhappy\n')],
    ['rule condition', (s) => (setCondition(s.doc, { kind: 'rule', index: 1 }, 'nps <= 4 and not answered(liked)'), ['escalation', 1])],
    ['rule condition removed (keywords left: none)', (s) => (setCondition(s.doc, { kind: 'rule', index: 0 }, ''), ['escalation', 0])],
    ['rule keywords added', (s) => (setKeywords(s.doc, 0, 'en', ['broken', 'damaged']), ['escalation', 0])],
    ['rule keyword list changed', (s) => (setKeywords(s.doc, 2, 'es', ['reembolso']), ['escalation', 2])],
    ['rule keywords of a locale removed', (s) => (setKeywords(s.doc, 2, 'zh-CN', []), ['escalation', 2])],
    ['rule priority', (s) => (setRuleField(s.doc, 1, 'priority', 'urgent'), ['escalation', 1])],
    ['rule then', (s) => (setRuleField(s.doc, 1, 'then', 'pause'), ['escalation', 1])],
    ['rule id', (s) => (setRuleField(s.doc, 1, 'id', 'nps_detractor'), ['escalation', 1])],
    ['rule minimum confidence', (s) => (setMinConfidence(s.doc, 3, '0.7'), ['escalation', 3])],
    ['rule minimum confidence on a rule with keywords only', (s) => (setMinConfidence(s.doc, 2, '1'), ['escalation', 2])],
    ['rule added', (s) => ['escalation', addRule(s.doc)]],
    ['rule deleted', (s) => (deleteRule(s.doc, 1), ['escalation', 1]), (out) => expect(comments(out)).toEqual(lost('# every detractor'))],
    ['option added', (s) => (addOption(s.doc, Q.reason), ['questions', Q.reason])],
    ['option removed', (s) => (deleteOption(s.doc, Q.reason, 2), ['questions', Q.reason]), (out) => expect(comments(out)).toEqual(lost('# price complaints'))],
    ['option renamed', (s) => (setOptionId(s.doc, Q.reason, 2, 'pricing'), ['questions', Q.reason])],
    ['option label', (s) => (setOptionLabel(s.doc, Q.reason, 0, 'es', 'Envío'), ['questions', Q.reason])],
    ['option label removed', (s) => (setOptionLabel(s.doc, Q.reason, 0, 'es', ''), ['questions', Q.reason])],
    ['synonym added', (s) => (setSynonyms(s.doc, Q.reason, 0, 'en', ['shipping', 'late', 'courier', 'slow']), ['questions', Q.reason])],
    ['synonyms of a locale removed', (s) => (setSynonyms(s.doc, Q.reason, 0, 'es', []), ['questions', Q.reason])],
    ['option moved down', (s) => (moveOption(s.doc, Q.reason, 0, 1), ['questions', Q.reason])],
    ['several options', (s) => (setField(s.doc, Q.reason, 'multiple', true), ['questions', Q.reason])],
    ['a rating made a choice', (s) => (setField(s.doc, Q.value, 'type', 'choice'), ['questions', Q.value])],
    ['custom scale', (s) => (setField(s.doc, Q.value, 'scale', 'custom'), ['questions', Q.value])],
    ['custom scale, wider', (s) => (setField(s.doc, Q.value, 'scale', 'custom'), setScaleEnd(s.doc, Q.value, 'max', 7), ['questions', Q.value])],
    ['custom scale, too wide', (s) => (setField(s.doc, Q.value, 'scale', 'custom'), setScaleEnd(s.doc, Q.value, 'max', 20), ['questions', Q.value])],
    ['custom scale labels', (s) => (setField(s.doc, Q.value, 'scale', 'custom'), setScaleLabel(s.doc, Q.value, 'minLabel', 'en', 'Poor'), setScaleLabel(s.doc, Q.value, 'maxLabel', 'en', 'Great'), ['questions', Q.value])],
    ['show-if set', (s) => (setCondition(s.doc, { kind: 'question', index: Q.value }, 'delivery <= 2'), ['questions', Q.value])],
    ['show-if changed', (s) => (setCondition(s.doc, { kind: 'question', index: Q.improve }, 'csat <= 2 or value <= 2'), ['questions', Q.improve])],
    ['show-if reading a later question', (s) => (setCondition(s.doc, { kind: 'question', index: Q.improve }, 'nps <= 2'), ['questions', Q.improve])],
    ['show-if removed', (s) => (setCondition(s.doc, { kind: 'question', index: Q.liked }, ''), ['questions', Q.liked])],
    ['jump added', (s) => (addJump(s.doc, Q.csat), ['questions', Q.csat])],
    ['jump target', (s) => (addJump(s.doc, Q.csat), setJumpTarget(s.doc, Q.csat, 0, 'end'), ['questions', Q.csat])],
    ['jump condition', (s) => (addJump(s.doc, Q.nps), setCondition(s.doc, { kind: 'jump', index: Q.nps, jump: 0 }, 'nps >= 9'), ['questions', Q.nps])],
    ['jump backwards', (s) => (addJump(s.doc, Q.nps), setJumpTarget(s.doc, Q.nps, 0, 'csat'), ['questions', Q.nps])],
    ['jump removed', (s) => (addJump(s.doc, Q.csat), deleteJump(s.doc, Q.csat, 0), ['questions', Q.csat])],
    ['question dragged', (s) => ['questions', moveQuestionTo(s.doc, Q.value, Q.delivery)]],
  ];
  it.each(EDITS)('%s: comments and key order kept, and it compiles or fails on that card', (_name, edit, check) => {
    const survey = read(SOURCE);
    const [list, index] = edit(survey);
    const out = write(survey);
    expect(out).not.toBe(SOURCE);
    if (check) check(out);
    else expect(comments(out)).toEqual(comments(SOURCE));
    expect(topKeys(out)).toEqual(topKeys(SOURCE));
    expect(readSurvey(out)).toBeDefined();
    const result = compile(out);
    if (!result.ok) {
      for (const p of result.problems) expect([p.path.slice(0, 2), p.code, p.line !== undefined]).toEqual([[list, index], p.code, true]);
    }
  });

  it('an edit changes only its own lines', () => {
    const survey = read(SOURCE);
    setSynonyms(survey.doc, Q.reason, 0, 'en', ['shipping', 'late', 'courier', 'slow']);
    setEndingText(survey.doc, 2, 'en', 'Thanks a lot!');
    setRuleField(survey.doc, 1, 'priority', 'urgent');
    const a = flowSpacing(SOURCE).split('\n');
    const b = flowSpacing(write(survey)).split('\n');
    expect(b).toHaveLength(a.length);
    expect(b.map((l, i) => [l, a[i]]).filter(([x, y]) => x !== y)).toEqual([
      ['        synonyms: {en: [shipping, late, courier, slow], zh-CN: [快递, 物流, 送货], es: [envío, retraso, mensajero]}', expect.any(String)],
      // The text was in double quotes, and stays so: only the words change.
      ['      en: "Thanks a lot!"', expect.any(String)],
      ['    priority: urgent', '    priority: normal'],
    ]);
  });

  it('writes new parts the way the samples do: flow labels and synonyms, a new key in its usual place', () => {
    const survey = read(SOURCE);
    const at = addOption(survey.doc, Q.reason);
    setOptionLabel(survey.doc, Q.reason, at, 'en', 'Packaging');
    setSynonyms(survey.doc, Q.reason, at, 'en', ['box', 'wrapping']);
    setCondition(survey.doc, { kind: 'question', index: Q.value }, 'delivery <= 2');
    const out = write(survey);
    expect(out).toContain('      - id: option_1\n        label: {en: Packaging, zh-CN: "", es: ""}\n        synonyms: {en: [box, wrapping]}\n');
    expect(out).toContain('  - id: value\n    type: rating\n    scale: csat\n    display: stars\n    if: delivery <= 2\n    aspect: price\n');
  });

  it('a text typed into a new card loses the quotes its empty text needed', () => {
    const survey = read(SOURCE);
    const at = addEnding(survey.doc);
    expect(write(survey)).toContain(`  - id: ending\n    text:\n      en: ""\n`);
    const again = read(write(survey));
    setEndingText(again.doc, at, 'en', 'See you');
    setOptionLabel(again.doc, Q.reason, addOption(again.doc, Q.reason), 'es', 'Otra');
    const out = write(again);
    expect(out).toContain('  - id: ending\n    text:\n      en: See you\n');
    expect(out).toContain('es: Otra');
  });

  it('writes a minimum confidence as a number after when and keywords, changes and removes it, and refuses one out of 0-1', () => {
    const survey = read(SOURCE);
    setMinConfidence(survey.doc, 3, '0.7');
    setMinConfidence(survey.doc, 2, '.85');
    let out = write(survey);
    expect(out).toContain("  - id: angry_comment\n    when: sentimentLabel(improve) == 'negative'\n    minConfidence: 0.7\n    priority: high\n");
    expect(out).toContain('      es: [reembolso, devolución del dinero, cancelar el pedido, queja]\n    minConfidence: 0.85\n    priority: high\n');
    expect(compile(out).ok).toBe(true);
    const again = read(out);
    expect(again.rules.map((r) => r.minConfidence)).toEqual(['', '', '0.85', '0.7', '']);
    // A new priority or then on a rule that has one goes after it, where the reference puts it.
    const added = addRule(again.doc);
    setMinConfidence(again.doc, added, '0.5');
    setRuleField(again.doc, added, 'then', 'pause');
    setCondition(again.doc, { kind: 'rule', index: added }, "sentimentLabel(improve) == 'negative'");
    setMinConfidence(again.doc, 3, '0.9');
    setMinConfidence(again.doc, 2, '');
    out = write(again);
    expect(out).toContain("  - id: angry_comment\n    when: sentimentLabel(improve) == 'negative'\n    minConfidence: 0.9\n    priority: high\n");
    expect(out).not.toContain('minConfidence: 0.85');
    expect(out).toContain("  - id: rule\n    when: sentimentLabel(improve) == 'negative'\n    minConfidence: 0.5\n    priority: high\n    then: pause\n");
    expect(compile(out).ok).toBe(true);
    // Out of range or not a number: refused, and the document is left as it was.
    for (const [bad, why] of [['1.5', 'range'], ['-0.1', 'range'], ['abc', 'number'], ['0.5.1', 'number'], ['1e-1', 'number']] as const) {
      expect(minConfidenceProblem(bad), bad).toBe(why);
      expect(() => setMinConfidence(again.doc, 3, bad)).toThrow(RangeError);
    }
    expect(write(again)).toBe(out);
    expect(['', '0', '1', '0.05', ' 0.7 '].map(minConfidenceProblem)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    // What the checker says of a value typed out of range into the YAML, which the card also marks.
    const typed = compile(out.replace('minConfidence: 0.9', 'minConfidence: 2'));
    expect(typed.ok ? [] : typed.problems.map((p) => p.path.slice(0, 3))).toEqual([['escalation', 3, 'minConfidence']]);
    expect(minConfidenceProblem(read(out.replace('minConfidence: 0.9', 'minConfidence: 2')).rules[3]!.minConfidence)).toBe('range');
  });

  it('renaming an option renames it in the conditions that name it', () => {
    const source = SOURCE.replace('    if: csat <= 2 or nps <= 6\n', "    if: detractor_reason in ['delivery', 'price'] or csat <= 2\n");
    const survey = read(source);
    setOptionId(survey.doc, Q.reason, 2, 'pricing');
    const out = write(survey);
    expect(out).toContain("    if: detractor_reason in ['delivery', 'pricing'] or csat <= 2\n");
    expect(compile(out).ok).toBe(true);
  });

  it('a dragged question takes its comment along, and the blank lines stay where they were', () => {
    const source = `id: drag
title: { en: Drag }
defaultLocale: en
locales: [ en ]
questions:
  # first: the overall score
  - id: a
    type: rating
    scale: csat
    text: { en: A }

  # second: why
  - id: b
    type: text
    text: { en: B }

  - id: c
    type: yesno
    # a note inside c
    text: { en: C }
endings:
  - id: bye
    text: { en: Bye }
`;
    const survey = read(source);
    moveQuestionTo(survey.doc, 0, 2);
    let out = write(survey);
    expect(out).toContain(`questions:
  # second: why
  - id: b
    type: text
    text: { en: B }

  - id: c
    type: yesno
    # a note inside c
    text: { en: C }

  # first: the overall score
  - id: a
`);
    expect(compile(out).ok).toBe(true);
    const again = read(out);
    moveQuestionTo(again.doc, 2, 0);
    out = write(again);
    expect(out).toBe(source);
  });
});
