import { describe, it, expect } from 'vitest';
import { foldForMatch, language, normalizeInput } from '../../src/core/recognize/normalize.js';

// normalizeInput ignores the locale; the column keeps every table in the same shape.
const inputs: Array<[locale: string, input: string, options: null, expected: string]> = [
  ['en', '  hello   world ', null, 'hello world'],
  ['en', 'a\tb\nc\r\nd', null, 'a b c d'],
  ['en', '４', null, '4'],
  ['en', 'ｈｅｌｌｏ', null, 'hello'],
  ['zh-CN', '\u3000你好\u3000', null, '你好'],
  ['en', '4\u200B', null, '4'],
  ['en', '\u200F4\u200E', null, '4'],
  ['en', '\u202Eabc\u202C', null, 'abc'],
  ['en', '\uFEFFyes', null, 'yes'],
  ['en', 'x\u2060y', null, 'xy'],
  ['en', 'x\u00ADy', null, 'xy'],
  ['en', 'a\u0000b\u0007c', null, 'abc'],
  ['en', 'a\u0085b', null, 'a b'],
  ['en', 'a\u009Fb', null, 'ab'],
  ['en', '\uD800x', null, '\uFFFDx'],
  ['en', 'x\uDC00', null, 'x\uFFFD'],
  ['en', '😀', null, '😀'],
  ['en', '❤️', null, '❤'],
  ['en', 'e\u0301', null, 'é'],
  ['en', '\u00A0x\u2003', null, 'x'],
  ['en', '', null, ''],
];

const folds: Array<[locale: string, input: string, options: null, expected: string]> = [
  ['en', 'Hello!', null, 'hello'],
  ['en', 'CAFÉ', null, 'cafe'],
  ['en', 'I’d say so', null, "i'd say so"],
  ['en', '  ...  ', null, ''],
  ['en', '"quoted"', null, 'quoted'],
  ['es', 'Envío Rápido', null, 'envio rapido'],
  ['es', '¿Sí?', null, 'si'],
  ['es', '¡Año!', null, 'ano'],
  ['zh-CN', '价格！', null, '价格'],
  ['zh-CN', '　ＡＢＣ　', null, 'abc'],
  ['zh-CN', '“满意”。', null, '满意'],
  ['ja', 'が', null, 'が'],
  ['tr', 'I', null, 'ı'],
  ['not a locale!', 'ABC', null, 'abc'],
];

const languages: Array<[locale: string, input: null, options: null, expected: string]> = [
  ['zh-CN', null, null, 'zh'],
  ['zh-Hans', null, null, 'zh'],
  ['zh_TW', null, null, 'zh'],
  ['es-MX', null, null, 'es'],
  ['es_419', null, null, 'es'],
  ['EN-us', null, null, 'en'],
  ['en', null, null, 'en'],
  ['fr-FR', null, null, 'other'],
  ['', null, null, 'other'],
];

describe('normalizeInput', () => {
  it.each(inputs)('[%s] %j -> %j', (_locale, input, _options, expected) => {
    expect(normalizeInput(input)).toBe(expected);
  });

  // How fast is measured in bench/; a runaway regex would hit the test timeout.
  it('handles 10,000 characters of mixed junk', () => {
    expect(normalizeInput('a\u200B '.repeat(10_000))).toBe(Array.from({ length: 10_000 }, () => 'a').join(' '));
  });
});

describe('foldForMatch', () => {
  it.each(folds)('[%s] %j -> %j', (locale, input, _options, expected) => {
    expect(foldForMatch(input, locale)).toBe(expected);
  });
});

describe('language', () => {
  it.each(languages)('%j -> %s', (locale, _input, _options, expected) => {
    expect(language(locale)).toBe(expected);
  });
});
