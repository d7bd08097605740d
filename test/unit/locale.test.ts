import { describe, expect, it } from 'vitest';
import { matchLocale, negotiateLocale } from '../../src/core/locale.js';

const SURVEY = ['en', 'es', 'zh-CN'];

// Preferences in the order the server tries them (invitation, explicit, navigator.languages...).
const negotiations: Array<[preferences: (string | undefined)[], available: string[], expected: string]> = [
  [['es-MX'], SURVEY, 'es'],
  [['es-MX', 'es', 'en'], SURVEY, 'es'],
  [['zh-Hans-CN'], SURVEY, 'zh-CN'],
  [['zh-Hans'], SURVEY, 'zh-CN'],
  [['zh-SG'], SURVEY, 'zh-CN'],
  [['zh'], SURVEY, 'zh-CN'],
  [['zh-cn'], SURVEY, 'zh-CN'],
  [['ZH_CN'], SURVEY, 'zh-CN'],
  [['zh_Hans_CN'], SURVEY, 'zh-CN'],
  // Traditional Chinese is another script: it falls through to the next preference...
  [['zh-TW', 'en-US'], SURVEY, 'en'],
  [['zh-Hant', 'es'], SURVEY, 'es'],
  [['zh-HK', 'zh-Hans'], SURVEY, 'zh-CN'],
  [['zh-Hant-CN'], SURVEY, 'en'],
  // ...or to the fallback.
  [['zh-TW'], SURVEY, 'en'],
  [['zh-TW'], ['es', 'zh-CN'], 'en'],
  // ...and is served where a Traditional locale exists.
  [['zh-HK'], ['en', 'zh-CN', 'zh-TW'], 'zh-TW'],
  [['zh-Hant-TW'], ['en', 'zh-CN', 'zh-Hant'], 'zh-Hant'],
  [['zh-CN'], ['en', 'zh-TW', 'zh-CN'], 'zh-CN'],
  // Order wins over closeness: the first preference with any match is used.
  [['fr-FR', 'es-ES', 'en'], SURVEY, 'es'],
  [['en-GB', 'es'], SURVEY, 'en'],
  // The bare language serves a region better than another region does.
  [['es-AR'], ['es-ES', 'es', 'en'], 'es'],
  [['es-AR'], ['es-ES', 'en'], 'es-ES'],
  [['EN-us'], ['en-US', 'en'], 'en-US'],
  // Explicit scripts other than Chinese must agree when both sides name one.
  [['sr-Latn'], ['sr-Cyrl', 'en'], 'en'],
  [['sr-Latn-RS'], ['sr-Latn', 'en'], 'sr-Latn'],
  [['sr'], ['sr-Cyrl'], 'sr-Cyrl'],
  // Nothing usable: the fallback.
  [[], SURVEY, 'en'],
  [[undefined, ''], SURVEY, 'en'],
  [['fr', 'de-DE'], SURVEY, 'en'],
  [['*', 'not a tag', 'es'], SURVEY, 'es'],
  [['  es-mx  '], SURVEY, 'es'],
  [['es'], [], 'en'],
];

describe('negotiateLocale', () => {
  it.each(negotiations)('%j of %j -> %s', (preferences, available, expected) => {
    expect(negotiateLocale(preferences, available, 'en')).toBe(expected);
  });
});

const matches: Array<[requested: string | undefined, expected: string]> = [
  [undefined, 'en'],
  ['es', 'es'],
  ['es-MX', 'es'],
  ['zh-cn', 'zh-CN'],
  ['zh-Hans', 'zh-CN'],
  ['zh_CN', 'zh-CN'],
  ['zh-TW', 'en'],
  ['zh-Hant-HK', 'en'],
  ['fr', 'en'],
];

describe('matchLocale (one requested locale)', () => {
  it.each(matches)('%s -> %s', (requested, expected) => {
    expect(matchLocale(requested, SURVEY, 'en')).toBe(expected);
  });
});
