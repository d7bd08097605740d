import { describe, expect, it } from 'vitest';
import { createTranslator, fill, pickLocale, storedLocale } from '../../../web/staff/i18n.js';

const en = { 'a.hello': 'Hello {name}', 'a.only': 'English only', 'n.items.one': '{count} item', 'n.items.other': '{count} items', 'n.plain': '{count} things' };
const es = { 'a.hello': 'Hola {name}', 'n.items.one': '{count} elemento', 'n.items.other': '{count} elementos' };
const zh = { 'a.hello': '你好 {name}', 'n.items.other': '{count} 项' };

describe('staff strings: lookup, fallback, plurals', () => {
  it('fills placeholders, leaving unknown ones as written and numbers in the locale', () => {
    expect(fill('Hi {name}, {missing}', { name: 'Ana' }, 'en')).toBe('Hi Ana, {missing}');
    expect(fill('{count} x', { count: 12345 }, 'en')).toBe('12,345 x');
    expect(fill('{count} x', { count: 12345 }, 'es')).toBe('12.345 x');
    expect(fill('no params', undefined, 'en')).toBe('no params');
  });

  it('looks a key up in the locale, then in English, then shows the key itself', () => {
    const t = createTranslator('es', es, en);
    expect(t('a.hello', { name: 'Bea' })).toBe('Hola Bea');
    expect(t('a.only')).toBe('English only');
    expect(t('not.a.key')).toBe('not.a.key');
  });

  it.each([
    ['en', en, 1, '1 item'],
    ['en', en, 0, '0 items'],
    ['en', en, 2, '2 items'],
    ['es', es, 1, '1 elemento'],
    ['es', es, 5, '5 elementos'],
    // Chinese has one form: "other" for every count.
    ['zh-CN', zh, 1, '1 项'],
    ['zh-CN', zh, 3, '3 项'],
  ] as const)('%s plural of %d', (locale, table, count, want) => {
    expect(createTranslator(locale, table, en)('n.items', { count })).toBe(want);
  });

  it('uses the plain key when a counted string has no plural forms', () => {
    expect(createTranslator('en', en, en)('n.plain', { count: 1 })).toBe('1 things');
  });

  it.each([
    [['es-MX'], 'es'],
    [['en-GB', 'es'], 'en'],
    [['fr-FR', 'es-ES'], 'es'],
    [['zh-CN'], 'zh-CN'],
    [['zh'], 'zh-CN'],
    [['zh-Hans-HK'], 'zh-CN'],
    [['zh_SG'], 'zh-CN'],
    [['zh-TW', 'es'], 'es'],
    [['zh-Hant-CN'], 'en'],
    [['de', null, ''], 'en'],
    [[], 'en'],
    [undefined, 'en'],
  ] as const)('navigator.languages %j → %s', (prefs, want) => {
    expect(pickLocale(prefs)).toBe(want);
  });

  it('keeps a stored choice only if it is one of ours', () => {
    expect(storedLocale('zh-CN')).toBe('zh-CN');
    expect(storedLocale('fr')).toBeUndefined();
    expect(storedLocale(null)).toBeUndefined();
  });
});
