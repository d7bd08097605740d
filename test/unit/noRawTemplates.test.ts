import { describe, expect, it } from 'vitest';
import { renderActivity } from '../../src/bot/renderActivity.js';
import { renderQuestion, say, t, type TextScope } from '../../src/core/engine/render.js';
import type { CompiledScript } from '../../src/core/script/compiled.js';
import { loadDialogs } from '../../src/scripts/loadDialogs.js';
import { catalog, DIALOGS_DIR } from '../support/scripts.js';

/**
 * Every text of every script in dialogs/ and every string of every locale file, rendered in each
 * of its locales with full start data, with none, and with odd data: a customer never reads a
 * raw `{{…}}` (or a bot string's `{param}` left unfilled).
 */
const dialogs = await loadDialogs(DIALOGS_DIR, catalog);

const FULL = { customer: { id: 'c-1', name: 'Ana', tier: 'gold' }, order: { id: 'A-1', items: [{ name: 'Teapot' }, { name: 'Cups' }], total: 39.9 } };
const NONE = { customer: {}, order: {} };
const ODD = { customer: { name: '' }, order: { items: [] } };

function answersFor(script: CompiledScript): TextScope['answers'] {
  return Object.fromEntries(
    script.questions.map((q) => [
      q.id,
      q.type === 'rating' ? q.rating.max : q.type === 'yesno' ? true : q.type === 'choice' ? (q.multiple ? q.options.slice(0, 2).map((o) => o.id) : q.options[0]!.id) : q.type === 'kano' ? ['like', 'dislike'] : 'fine',
    ]),
  );
}

function allTexts(script: CompiledScript, scope: TextScope): string[] {
  const texts: string[] = [];
  if (script.intro) texts.push(say(script, scope, script.intro));
  for (const q of script.questions) texts.push(renderActivity(renderQuestion(script, scope, q, false)).text ?? '');
  // The second half of each Kano question is a question of its own.
  for (const q of script.questions) if (q.type === 'kano') texts.push(renderActivity(renderQuestion(script, scope, q, false, 'dysfunctional')).text ?? '');
  for (const e of script.endings) texts.push(say(script, scope, e.text));
  texts.push(say(script, scope, script.title));
  return texts;
}

describe.each(dialogs.map((d) => [d.script.id, d.script] as const))('script %s renders without raw placeholders', (_id, script) => {
  it.each(script.locales.flatMap((locale) => [
    [locale, 'full start data and every answer', { context: FULL, answers: answersFor(script) }],
    [locale, 'no start data and no answers', { context: NONE, answers: {} }],
    [locale, 'empty values', { context: ODD, answers: {} }],
  ] as const))('%s, with %s', (locale, _what, data) => {
    const texts = allTexts(script, { locale, ...data } as unknown as TextScope);
    expect(texts.length).toBeGreaterThan(script.questions.length);
    for (const text of texts) {
      expect(text).not.toMatch(/\{\{|\}\}/);
      expect(text.trim()).not.toBe('');
    }
  });
});

describe('locale files', () => {
  // Every {param} a bot string may use, as the code fills them.
  const PARAMS = { n: 3, min: 1, max: 5, minLabel: 'low', maxLabel: 'high', count: 3, name: 'Ana', wait: 'within 60 minutes', question: 'q', feature: 'gift wrapping', survey: 'After your purchase', title: 'After your purchase' };
  it.each(Object.keys(catalog))('%s: no string leaves a placeholder when its parameters are given', (locale) => {
    const script = dialogs[0]!.script;
    const strings = Object.keys(catalog[locale]!);
    expect(strings.length).toBeGreaterThan(20);
    for (const key of strings) {
      const text = t({ ...script, messages: catalog }, locale, key, PARAMS);
      expect(text, key).not.toMatch(/\{\{|\{\w+\}/);
    }
  });
});
