import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScriptYaml } from '../../../src/scripts/parseScriptYaml.js';
import { addQuestion, deleteQuestion, duplicateQuestion, moveQuestion, readSurvey, setField, setText, toText, type Survey } from '../../../web/staff/surveys/builder/cards.js';
import { fromTemplate, TEMPLATE_IDS } from '../../../web/staff/surveys/surveyTemplates.js';
import { catalog, DIALOGS_DIR } from '../../support/scripts.js';

const FILES = ['post-purchase.yaml', 'feature-check.yaml', 'recovery.yaml'].map((f) => readFileSync(join(DIALOGS_DIR, f), 'utf8'));
const SOURCES = [...FILES, ...TEMPLATE_IDS.map((t) => fromTemplate(t, 'x'))];
const comments = (s: string) => s.split('\n').filter((l) => /^\s*#/.test(l)).map((l) => l.trim());
const topKeys = (s: string) => s.split('\n').filter((l) => /^[a-zA-Z]\w*:/.test(l)).map((l) => l.split(':')[0]);
const read = (s: string): Survey => {
  const survey = readSurvey(s);
  if (!survey) throw new Error('not readable');
  return survey;
};
const compile = (s: string) => parseScriptYaml(s, catalog, 1);
/** The one thing the writer may change untouched: spaces just inside [..] and {..}. */
const flowSpacing = (s: string) => s.replace(/([[{]) +/g, '$1').replace(/ +([\]}])/g, '$1');
const write = (s: Survey) => toText(s.doc, s.padded);

describe('question cards over the YAML document', () => {
  it.each(SOURCES.map((s, i) => [i, s] as const))('source %i: reading and writing back without an edit gives the same text (but spaces inside mixed-style [..] {..})', (_i, source) => {
    expect(flowSpacing(write(read(source)))).toBe(flowSpacing(source));
  });

  it('keeps a text written in one flow style exactly', () => {
    for (const t of TEMPLATE_IDS) expect(write(read(fromTemplate(t, 'x')))).toBe(fromTemplate(t, 'x'));
    const padded = 'id: x\nlocales: [ en, es ]\ntitle: { en: A, es: B }\n';
    expect(write(read(padded))).toBe(padded);
  });

  it('reads id, type, scale, required, aspect and texts per locale, with the missing locales', () => {
    const source = FILES[0]!.replace('      es: En general, ¿qué tan satisfecho estás con tu pedido?\n', '');
    const { cards, locales } = read(source);
    expect(locales).toEqual(['en', 'zh-CN', 'es']);
    expect(cards[0]).toMatchObject({ index: 0, id: 'csat', type: 'rating', scale: 'csat', required: true, aspect: 'overall', missing: ['es'] });
    expect(cards[0]!.texts.en).toBe('Overall, how satisfied are you with your order?');
    expect(cards.find((c) => c.id === 'liked')).toMatchObject({ type: 'text', scale: '', required: false, missing: [] });
  });

  // Every edit: the comments and top-level key order stay, only what was edited changes, and the
  // result compiles or has problems on that card only.
  const EDITS: [string, (s: Survey) => number | undefined][] = [
    ['Spanish text', (s) => (setText(s.doc, 1, 'es', '¿Qué tal la entrega?'), 1)],
    ['text removed', (s) => (setText(s.doc, 1, 'es', ''), 1)],
    ['type to text', (s) => (setField(s.doc, 1, 'type', 'text'), 1)],
    ['scale to nps', (s) => (setField(s.doc, 1, 'scale', 'nps'), 1)],
    ['not required', (s) => (setField(s.doc, 1, 'required', false), 1)],
    ['aspect', (s) => (setField(s.doc, 1, 'aspect', 'speed'), 1)],
    ['add a yes/no', (s) => addQuestion(s.doc, 'yesno', 1)],
    ['duplicate', (s) => duplicateQuestion(s.doc, 1)],
    ['delete', (s) => (deleteQuestion(s.doc, 3), undefined)],
    ['move down', (s) => moveQuestion(s.doc, 1, 1)],
  ];
  it.each(EDITS)('%s keeps comments and key order, and compiles or fails on that card', (_name, edit) => {
    const source = FILES[0]!;
    const survey = read(source);
    const card = edit(survey);
    const out = write(survey);
    expect(out).not.toBe(source);
    expect(comments(out)).toEqual(comments(source));
    expect(topKeys(out)).toEqual(topKeys(source));
    const result = compile(out);
    if (!result.ok) {
      for (const p of result.problems) expect([p.path.slice(0, 2), p.line !== undefined]).toEqual([['questions', card], true]);
    }
  });

  it('an edited Spanish text is the only line that changes', () => {
    const source = FILES[0]!;
    const survey = read(source);
    setText(survey.doc, 1, 'es', '¿Qué tal la entrega?');
    const a = flowSpacing(source).split('\n');
    const b = flowSpacing(write(survey)).split('\n');
    expect(b).toHaveLength(a.length);
    const changed = b.map((l, i) => [l, a[i]]).filter(([x, y]) => x !== y);
    expect(changed).toEqual([['      es: ¿Qué tal la entrega?', expect.stringMatching(/^ {6}es: /)]]);
    expect(compile(write(survey)).ok).toBe(true);
  });

  it('a new question gets an unused id and the survey locales, and is a problem on its card until written', () => {
    const survey = read(FILES[0]!);
    const at = addQuestion(survey.doc, 'rating');
    const card = read(write(survey)).cards[at]!;
    expect(card).toMatchObject({ id: 'rating_2', type: 'rating', scale: 'csat', missing: ['en', 'zh-CN', 'es'] });
    const result = compile(write(survey));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.every((p) => p.path[0] === 'questions' && p.path[1] === at)).toBe(true);
    for (const l of ['en', 'zh-CN', 'es']) setText(survey.doc, at, l, `Rate us (${l})`);
    expect(compile(write(survey)).ok).toBe(true);
  });

  it('does not read text that is not YAML', () => {
    expect(readSurvey('title: "unclosed\n')).toBeUndefined();
  });
});
