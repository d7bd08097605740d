import { describe, expect, it } from 'vitest';
import { understandButton, understandText } from '../../src/core/engine/understand.js';
import { kanoWords } from '../../src/core/recognize/kanoWords.js';
import { foldForMatch } from '../../src/core/recognize/normalize.js';
import { KANO_ANSWERS } from '../../src/core/results/kano.js';
import type { CompiledQuestion } from '../../src/core/script/compiled.js';
import { compileYaml } from '../support/scripts.js';

const SCRIPT = compileYaml(`
id: kano-words
title: { en: Kano, zh-CN: Kano, es: Kano }
defaultLocale: en
locales: [en, zh-CN, es]
questions:
  - id: wrap
    type: kano
    feature: { en: gift wrapping, zh-CN: 礼品包装, es: envoltorio de regalo }
endings:
  - { id: bye, text: { en: Bye, zh-CN: 再见, es: Adiós } }
`);
const KANO = SCRIPT.questions[0] as Extract<CompiledQuestion, { type: 'kano' }>;

type Expected = (typeof KANO_ANSWERS)[number] | 'not_understood' | 'ambiguous' | 'out_of_range' | 'empty';

const read = (text: string, locale: string): Expected => {
  const r = understandText(KANO, text, locale);
  return r.ok ? (r.value as Expected) : r.reason;
};

/** What customers type, per locale, and the answer it means. */
const TYPED: Record<string, [string, Expected][]> = {
  en: [
    ["I'd like it", 'like'], ["I'd love it", 'like'], ['I’d love that!', 'like'], ['id love it', 'like'], ['Love it', 'like'], ['I would like that', 'like'],
    ['That would be great', 'like'], ['👍', 'like'], ['1', 'like'], ['the first one', 'like'], ['one', 'like'],
    ["I'd expect it", 'expect'], ['I expect it', 'expect'], ['it must be that way', 'expect'], ["that's a given", 'expect'], ["It's standard", 'expect'], ['2', 'expect'],
    ["I'm neutral", 'neutral'], ["don't care", 'neutral'], ['I dont care', 'neutral'], ["I don't mind", 'neutral'], ["It doesn't matter", 'neutral'], ['whatever', 'neutral'], ['3', 'neutral'],
    ['I could live with it', 'tolerate'], ['I can live with it', 'tolerate'], ['I can tolerate it', 'tolerate'], ['acceptable', 'tolerate'], ['not ideal', 'tolerate'], ['4', 'tolerate'],
    ["I'd dislike it", 'dislike'], ["I'd hate that", 'dislike'], ["I don't like it", 'dislike'], ["I wouldn't like it", 'dislike'], ['I would not like it at all', 'dislike'],
    ["I'd be disappointed", 'dislike'], ['unacceptable', 'dislike'], ["I couldn't live with it", 'dislike'], ['👎', 'dislike'], ['5', 'dislike'], ['the last one', 'dislike'],
    // A negation the answer's words do not account for: asked again, never read as the opposite.
    ["I don't really like it", 'not_understood'], ['not great', 'not_understood'], ["I don't expect it", 'not_understood'], ['no, I can live with it', 'not_understood'],
    ['banana', 'not_understood'], ['6', 'out_of_range'], ['I love it, but I could live with it', 'ambiguous'], ['', 'empty'],
  ],
  'zh-CN': [
    ['很喜欢', 'like'], ['我喜欢', 'like'], ['非常喜欢！', 'like'], ['特别喜欢', 'like'], ['太好了', 'like'], ['1', 'like'], ['第一个', 'like'], ['一', 'like'],
    ['理所当然', 'expect'], ['应该的', 'expect'], ['必须有', 'expect'], ['这是基本的', 'expect'], ['2', 'expect'],
    ['无所谓', 'neutral'], ['没感觉', 'neutral'], ['都行', 'neutral'], ['不在乎', 'neutral'], ['第三个', 'neutral'], ['３', 'neutral'],
    ['能忍受', 'tolerate'], ['可以接受', 'tolerate'], ['还行吧', 'tolerate'], ['没有也行', 'tolerate'], ['四', 'tolerate'],
    ['不喜欢', 'dislike'], ['不太喜欢', 'dislike'], ['讨厌', 'dislike'], ['不能接受', 'dislike'], ['受不了', 'dislike'], ['最后一个', 'dislike'], ['5', 'dislike'],
    ["I'd love it", 'like'],
    ['不怎么喜欢', 'not_understood'], ['没那么理所当然', 'not_understood'], ['香蕉', 'not_understood'], ['第六个', 'out_of_range'],
  ],
  es: [
    ['Me gustaría', 'like'], ['me gusta', 'like'], ['¡Me encantaría!', 'like'], ['me encanta', 'like'], ['1', 'like'], ['la primera', 'like'], ['uno', 'like'],
    ['Lo esperaría', 'expect'], ['lo espero', 'expect'], ['es lo mínimo', 'expect'], ['lo doy por hecho', 'expect'], ['2', 'expect'],
    ['Me da igual', 'neutral'], ['no me importa', 'neutral'], ['me es indiferente', 'neutral'], ['la tercera', 'neutral'],
    ['Lo toleraría', 'tolerate'], ['lo tolero', 'tolerate'], ['puedo vivir con ello', 'tolerate'], ['es aceptable', 'tolerate'], ['cuatro', 'tolerate'],
    ['No me gustaría', 'dislike'], ['no me gusta', 'dislike'], ['no me gustaría nada', 'dislike'], ['lo odiaría', 'dislike'], ['me molestaría', 'dislike'],
    ['no lo toleraría', 'dislike'], ['5', 'dislike'], ['la quinta', 'dislike'],
    ['I could live with it', 'tolerate'],
    ['no lo espero', 'not_understood'], ['no sé', 'not_understood'], ['plátano', 'not_understood'], ['siete', 'out_of_range'],
  ],
};

describe('typed Kano answers', () => {
  describe.each(Object.keys(TYPED))('%s', (locale) => {
    it.each(TYPED[locale]!)('"%s" → %s', (text, expected) => {
      expect(read(text, locale)).toBe(expected);
    });
  });

  it.each(['en', 'zh-CN', 'es'])('%s: every label and every listed word is read as its own answer', (locale) => {
    for (const option of KANO.options) {
      for (const name of option.names[locale]!) expect([name, read(name, locale)]).toEqual([name, option.id]);
    }
  });

  it.each(['en', 'zh-CN', 'es', 'fr'])('%s: no word names two answers', (locale) => {
    const words = kanoWords(locale);
    const owner = new Map<string, string>();
    for (const answer of KANO_ANSWERS) {
      for (const word of words[answer]) {
        const folded = foldForMatch(word, locale);
        expect(owner.get(folded) ?? answer, `"${word}" is under ${owner.get(folded)} and ${answer}`).toBe(answer);
        owner.set(folded, answer);
      }
    }
  });

  it('gives a locale without a word list of its own the English words', () => {
    expect(kanoWords('fr')).toEqual(kanoWords('en'));
    expect(kanoWords('es').dislike).toEqual(expect.arrayContaining(['no me gusta', "i'd hate that", 'id hate that']));
  });
});

describe('Kano buttons', () => {
  it.each([
    ['like', { ok: true, value: 'like' }],
    ['dislike', { ok: true, value: 'dislike' }],
    ['love', { ok: false, reason: 'not_understood' }],
    [['like', 'dislike'], { ok: false, reason: 'not_understood' }],
    [3, { ok: false, reason: 'not_understood' }],
  ])('%j → %j', (value, expected) => {
    expect(understandButton(KANO, value)).toEqual(expected);
  });
});
