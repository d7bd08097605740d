import { describe, expect, it } from 'vitest';
import { en } from '../../../web/widget/locales/en.js';
import { es } from '../../../web/widget/locales/es.js';
import { zhCN } from '../../../web/widget/locales/zh-CN.js';
import { pickLang, translate } from '../../../web/widget/strings.js';

describe('the widget’s own strings', () => {
  it.each([
    [['es-MX'], 'es'],
    [['en-GB', 'es'], 'en'],
    [['fr-FR', 'es-ES'], 'es'],
    [['zh-CN'], 'zh-CN'],
    [['zh-Hans-HK'], 'zh-CN'],
    [['zh_SG'], 'zh-CN'],
    [['zh'], 'zh-CN'],
    // Traditional Chinese readers get English, not Simplified.
    [['zh-TW'], 'en'],
    [['zh-HK', 'es'], 'es'],
    [['zh-Hant-CN'], 'en'],
    [['zh-MO'], 'en'],
    [['', null, undefined, 'de'], 'en'],
    [[], 'en'],
  ] as const)('%j → %s', (prefs, lang) => {
    expect(pickLang(prefs)).toBe(lang);
  });

  it('fills placeholders', () => {
    expect(translate('en', 'of', { n: 4, max: 5 })).toBe('4 of 5');
    expect(translate('es', 'left', { n: 12 })).toBe('Quedan 12 caracteres');
    expect(translate('zh-CN', 'of', { n: 3, max: 10 })).toBe('3 / 10');
  });

  it('has every string in every language, none empty', () => {
    for (const table of [es, zhCN]) {
      expect(Object.keys(table).sort()).toEqual(Object.keys(en).sort());
      expect(Object.values(table).filter((v) => !v.trim())).toEqual([]);
    }
  });
});
