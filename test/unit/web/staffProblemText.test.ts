import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Problem, ProblemCode } from '../../../src/core/problem.js';
import { parseScriptYaml } from '../../../src/scripts/parseScriptYaml.js';
import { createTranslator, STAFF_LOCALES } from '../../../web/staff/i18n.js';
import { placeOf, plainProblem } from '../../../web/staff/surveys/problemText.js';
import { catalog, DIALOGS_DIR, ROOT } from '../../support/scripts.js';

const table = (locale: string) => JSON.parse(readFileSync(join(ROOT, 'web/staff/locales', `${locale}.json`), 'utf8')) as Record<string, string>;
const en = table('en');
const tr = (locale: string) => createTranslator(locale, table(locale), en);
const ORIGINAL = readFileSync(join(DIALOGS_DIR, 'post-purchase.yaml'), 'utf8');

const CODES: ProblemCode[] = [
  'SCHEMA', 'DUPLICATE_ID', 'RESERVED_ID', 'UNKNOWN_LOCALE', 'MISSING_TEXT', 'MISSING_LOCALE_STRING', 'BAD_PLACEHOLDER', 'BAD_SCALE', 'BAD_CONDITION',
  'UNKNOWN_QUESTION', 'LATER_QUESTION', 'BACKWARD_JUMP', 'UNREACHABLE', 'MISSING_DEFAULT_ENDING', 'CONSENT_NOT_YESNO', 'OUTCOME_NOT_RATING', 'KANO_FORMS',
  'KANO_SAME_TEXT', 'NOT_KANO',
];

describe('validation problems in plain words', () => {
  it('says which question lacks which language, in the UI language, with a hint', () => {
    const p: Problem = { code: 'MISSING_TEXT', path: ['questions', 1, 'text', 'es'], message: 'text missing for locale "es"', questionId: 'delivery', locale: 'es' };
    expect(plainProblem(p, tr('en'), 'en')).toMatchObject({ text: 'Question “delivery” has no Spanish text.', questionIndex: 1, detail: 'text missing for locale "es"' });
    expect(plainProblem(p, tr('en'), 'en').hint).toContain('remove es');
    expect(plainProblem(p, tr('es'), 'es').text).toBe('La pregunta «delivery» no tiene texto en español.');
    expect(plainProblem(p, tr('zh-CN'), 'zh-CN').text).toBe('问题“delivery”缺少西班牙语文本。');
  });

  it('calls an empty text (a new card not yet written in that language) missing, not a shape problem', () => {
    const yaml = ORIGINAL.replace(/^endings:/m, '  - id: praise\n    type: text\n    text:\n      en: What did you like?\n      es: ""\n\nendings:');
    const parsed = parseScriptYaml(yaml, catalog, 1);
    expect(parsed.ok).toBe(false);
    const problems = parsed.ok ? [] : parsed.problems;
    const ids = { questions: (parse(yaml) as { questions: { id: string }[] }).questions.map((q) => q.id) };
    const said = problems.map((p) => plainProblem(p, tr('en'), 'en', ids));
    expect(said.map((s) => s.text)).toEqual(['Question “praise” has no Spanish text.']);
    expect(plainProblem(problems[0]!, tr('es'), 'es', ids).text).toBe('La pregunta «praise» no tiene texto en español.');
  });

  it('keeps where the problem is, so an ending or rule card can show its own', () => {
    const p: Problem = { code: 'BAD_CONDITION', path: ['endings', 2, 'if'], message: 'condition "csat <=" cannot be parsed' };
    const said = plainProblem(p, tr('en'), 'en', { endings: ['a', 'b', 'thanks'] });
    expect(said).toMatchObject({ path: ['endings', 2, 'if'] });
    expect(said.questionIndex).toBeUndefined();
    expect(said.text).toContain('“thanks”');
  });

  it('has its own sentence and hint for every problem kind, in every staff language', () => {
    for (const locale of STAFF_LOCALES) {
      const t = tr(locale);
      const texts = new Set<string>();
      for (const code of CODES) {
        const said = plainProblem({ code, path: ['questions', 0, 'id'], message: 'm', questionId: 'q1' }, t, locale);
        expect(said.text, `${locale} ${code}`).not.toMatch(/^plain\.|\{\w+\}/);
        expect(said.hint, `${locale} ${code}`).not.toMatch(/^plain\.|\{\w+\}/);
        texts.add(said.text);
        expect(table(locale)[`plain.${code}`], `${locale} plain.${code}`).toBeTruthy();
      }
      expect(texts.size).toBe(CODES.length);
    }
  });

  it('names the place: a question by its id (from the script when the problem does not say), an ending, a rule, the title', () => {
    const t = tr('en');
    const ids = { questions: ['csat', 'delivery'], endings: ['thanks'], escalation: ['low'] };
    expect(placeOf(['questions', 1, 'next'], t, ids)).toBe('the jump after question “delivery”');
    expect(placeOf(['questions', 0, 'if'], t, ids)).toBe('the show-if condition of question “csat”');
    expect(placeOf(['questions', 4, 'text'], t, ids)).toBe('question 5');
    expect(placeOf(['endings', 0, 'text', 'es'], t, ids)).toBe('ending “thanks”');
    expect(placeOf(['escalation', 0, 'when'], t, ids)).toBe('escalation rule “low”');
    expect(placeOf(['title', 'es'], t)).toBe('the title');
    expect(plainProblem({ code: 'UNKNOWN_QUESTION', path: ['questions', 1, 'next'], message: 'x' }, t, 'en', ids).text).toBe('The jump after question “delivery” names a question that does not exist.');
  });

  it('maps the server’s real problems for a broken survey onto their questions', () => {
    const broken = ORIGINAL.replace('  - id: delivery\n', '  - id: delivery\n    next: nowhere\n').replace('      es: En general, ¿qué tan satisfecho estás con tu pedido?\n', '');
    const result = parseScriptYaml(broken, catalog, 0);
    expect(result.ok).toBe(false);
    const said = (result.ok ? [] : result.problems).map((p) => plainProblem(p, tr('en'), 'en', { questions: ['csat', 'delivery'] }));
    expect(said).toContainEqual(expect.objectContaining({ text: 'Question “csat” has no Spanish text.', questionIndex: 0 }));
    expect(said).toContainEqual(expect.objectContaining({ text: 'The jump after question “delivery” names a question that does not exist.', questionIndex: 1 }));
  });

  it.each([
    ['title: "unclosed\nid: x\n', 'quote'],
    ['locales: [en, es\nid: x\n', 'bracket'],
    ['id: a\nid: b\n', 'duplicateKey'],
    ['title:\n  en: Note: this breaks\n', 'colon'],
    ['questions:\n  - id: a\n   type: rating\n', 'indent'],
    ['a:\n  b: 1\n c: 2\n', 'indent'],
    ['a: b\n\tc: d\n', 'tabs'],
    ['just a line\nother: 1\n', 'noValue'],
  ])('explains the YAML syntax error in %j', (text, kind) => {
    const result = parseScriptYaml(text, catalog, 0);
    expect(result.ok).toBe(false);
    const p = (result.ok ? [] : result.problems)[0]!;
    expect(p.code).toBe('YAML');
    const said = plainProblem(p, tr('en'), 'en');
    expect(said.text).toMatch(/line \d+|too large/i);
    expect(said.text).toBe(tr('en')(`plain.YAML.${kind}`, { line: p.line ?? '?' }));
  });
});
