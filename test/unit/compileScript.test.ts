import { describe, expect, it } from 'vitest';
import { formatProblem, type Problem } from '../../src/core/problem.js';
import { parseScriptYaml } from '../../src/scripts/parseScriptYaml.js';
import { catalog } from '../support/scripts.js';

/** A small valid script; each case below breaks one thing in it. */
const VALID = `
id: mini
title: { en: Mini, es: Mini }
defaultLocale: en
locales: [en, es]
questions:
  - id: csat
    type: rating
    scale: csat
    text: { en: "How was it, {{customer.name|friend}}?", es: "¿Qué tal, {{customer.name|amigo}}?" }
  - id: why
    type: text
    if: csat <= 3
    required: false
    text: { en: Why?, es: ¿Por qué? }
  - id: color
    type: choice
    text: { key: button.skip }
    options:
      - { id: red, label: { en: Red, es: Rojo } }
      - { id: blue, label: { en: Blue, es: Azul } }
endings:
  - id: sad
    if: csat <= 2
    text: { en: Sorry, es: Lo siento }
  - id: done
    text: { en: "Thanks ({{csat}})", es: "Gracias ({{csat}})" }
escalation:
  - id: low
    when: csat <= 2
`;

function problemsOf(text: string): Problem[] {
  const result = parseScriptYaml(text, catalog, 1);
  return result.ok ? [] : result.problems;
}

function brk(from: string, to: string): string {
  if (!VALID.includes(from)) throw new Error(`fixture has no ${from}`);
  return VALID.replace(from, to);
}

describe('script validation', () => {
  it('accepts the valid fixture', () => {
    expect(problemsOf(VALID)).toEqual([]);
  });

  it.each<[string, string, Partial<Problem> & { code: Problem['code']; path: Problem['path'] }]>([
    ['a text missing in a declared locale', brk('text: { en: Why?, es: ¿Por qué? }', 'text: { en: Why? }'),
      { code: 'MISSING_TEXT', path: ['questions', 1, 'text', 'es'], questionId: 'why', locale: 'es' }],
    ['a locale key that does not exist', brk('key: button.skip', 'key: no.such.key'),
      { code: 'MISSING_LOCALE_STRING', path: ['questions', 2, 'text', 'key'], questionId: 'color' }],
    ['text in an undeclared locale', brk('text: { en: Sorry, es: Lo siento }', 'text: { en: Sorry, es: Lo siento, fr: Pardon }'),
      { code: 'UNKNOWN_LOCALE', path: ['endings', 0, 'text', 'fr'], locale: 'fr' }],
    ['a locale without bot strings', brk('locales: [en, es]', 'locales: [en, es, de]'),
      { code: 'UNKNOWN_LOCALE', path: ['locales', 2] }],
    ['a default locale not listed', brk('defaultLocale: en', 'defaultLocale: zh-CN'),
      { code: 'UNKNOWN_LOCALE', path: ['defaultLocale'] }],
    ['duplicate question ids', brk('  - id: color', '  - id: why'),
      { code: 'DUPLICATE_ID', path: ['questions', 2, 'id'], questionId: 'why' }],
    ['duplicate option ids', brk('{ id: blue,', '{ id: red,'),
      { code: 'DUPLICATE_ID', path: ['questions', 2, 'options', 1, 'id'], questionId: 'color' }],
    ['a condition on an unknown question', brk('if: csat <= 3', 'if: cast <= 3'),
      { code: 'UNKNOWN_QUESTION', path: ['questions', 1, 'if'], questionId: 'why' }],
    ['a condition on a later question', brk('if: csat <= 3', 'if: color == "red"'),
      { code: 'LATER_QUESTION', path: ['questions', 1, 'if'], questionId: 'why' }],
    ['a condition that does not parse', brk('if: csat <= 3', 'if: csat <= '),
      { code: 'BAD_CONDITION', path: ['questions', 1, 'if'] }],
    ['a condition that calls code', brk('when: csat <= 2', 'when: require("fs")'),
      { code: 'BAD_CONDITION', path: ['escalation', 0, 'when'] }],
    ['a jump to an unknown question', brk('    required: false\n', '    required: false\n    next: nowhere\n'),
      { code: 'UNKNOWN_QUESTION', path: ['questions', 1, 'next'], questionId: 'why' }],
    ['a jump backwards', brk('    required: false\n', '    required: false\n    next: [{ if: csat == 1, to: csat }]\n'),
      { code: 'BACKWARD_JUMP', path: ['questions', 1, 'next', 0, 'to'], questionId: 'why' }],
    ['an unreachable question', brk("    scale: csat\n", "    scale: csat\n    next: color\n"),
      { code: 'UNREACHABLE', path: ['questions', 1, 'id'], questionId: 'why' }],
    ['a bad custom scale', brk('scale: csat', 'scale: { min: 1, max: 20 }'),
      { code: 'BAD_SCALE', path: ['questions', 0, 'scale'], questionId: 'csat' }],
    ['an inverted custom scale', brk('scale: csat', 'scale: { min: 5, max: 1 }'),
      { code: 'BAD_SCALE', path: ['questions', 0, 'scale'] }],
    ['a placeholder for an unknown question', brk('"Thanks ({{csat}})"', '"Thanks ({{cast}})"'),
      { code: 'UNKNOWN_QUESTION', path: ['endings', 1, 'text', 'en'] }],
    ['a placeholder for a question not answered yet', brk('text: { en: Why?,', 'text: { en: "Why {{color}}?",'),
      { code: 'LATER_QUESTION', path: ['questions', 1, 'text', 'en'] }],
    ['an unclosed placeholder', brk('"Thanks ({{csat}})"', '"Thanks ({{csat)"'),
      { code: 'BAD_PLACEHOLDER', path: ['endings', 1, 'text', 'en'] }],
    ['no default ending', brk("  - id: done\n    text:", "  - id: done\n    if: csat > 2\n    text:"),
      { code: 'MISSING_DEFAULT_ENDING', path: ['endings', 1, 'if'] }],
    ['an unknown field (typo)', brk('required: false', 'requird: false'),
      { code: 'SCHEMA', path: ['questions', 1] }],
    ['an unknown question type', brk('type: text', 'type: essay'),
      { code: 'SCHEMA', path: ['questions', 1, 'type'] }],
    ['a reserved question id', brk('id: why', 'id: order'),
      { code: 'RESERVED_ID', path: ['questions', 1, 'id'], questionId: 'order' }],
    ['a question id with a hyphen', brk('id: why', 'id: why-not'),
      { code: 'SCHEMA', path: ['questions', 1, 'id'] }],
  ])('reports %s with its path', (_name, yaml, expected) => {
    const problems = problemsOf(yaml);
    expect(problems).toContainEqual(expect.objectContaining(expected));
    for (const p of problems) expect(p.line, formatProblem(p)).toBeGreaterThan(0);
  });

  it('lists every problem at once, not only the first', () => {
    const yaml = brk('text: { en: Why?, es: ¿Por qué? }', 'text: { en: Why? }').replace('if: csat <= 3', 'if: cast <= 3').replace('when: csat <= 2', 'when: nps <= 2');
    expect(problemsOf(yaml).map((p) => p.code).sort()).toEqual(['MISSING_TEXT', 'UNKNOWN_QUESTION', 'UNKNOWN_QUESTION']);
  });

  it('formats a problem with file, line, path and question', () => {
    const [problem] = problemsOf(brk('text: { en: Why?, es: ¿Por qué? }', 'text: { en: Why? }'));
    expect(formatProblem(problem!, 'dialogs/mini.yaml')).toBe(
      'dialogs/mini.yaml:15: questions[1].text.es (question why): text missing for locale "es"',
    );
  });

  it.each([
    ['broken YAML', 'id: [unclosed', 'YAML'],
    ['a duplicate key', `${VALID}\nid: again\n`, 'YAML'],
    ['an anchor bomb', `a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n`, 'YAML'],
    ['deep nesting', `${'['.repeat(200)}${']'.repeat(200)}`, 'YAML'],
    ['megabytes', `# ${'x'.repeat(300 * 1024)}\n${VALID}`, 'YAML'],
    ['a YAML that is not a mapping', '- just\n- a list\n', 'SCHEMA'],
    ['an empty file', '', 'SCHEMA'],
  ])('refuses %s with a clear problem', (_name, yaml, code) => {
    const problems = problemsOf(yaml);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]!.code).toBe(code);
    expect(problems[0]!.message.length).toBeGreaterThan(5);
  });
});
