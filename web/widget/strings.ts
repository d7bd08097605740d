/**
 * The widget's own words (not the survey's, which come from the server) in the languages it
 * ships: English, Spanish and Simplified Chinese. A table missing a key fails the type check.
 */
import { en } from './locales/en.js';
import { es } from './locales/es.js';
import { zhCN } from './locales/zh-CN.js';

export type StringKey = keyof typeof en;
export type StringTable = Record<StringKey, string>;
export type WidgetLang = 'en' | 'es' | 'zh-CN';

const TABLES: Record<WidgetLang, StringTable> = { en, es, 'zh-CN': zhCN };

/**
 * The first preference our strings can serve: the same language and, for Chinese, the same
 * script (zh-TW, zh-HK, zh-MO and zh-Hant are Traditional and get English, not Simplified);
 * English when none can be served.
 */
export function pickLang(prefs: readonly (string | null | undefined)[]): WidgetLang {
  for (const raw of prefs) {
    const parts = String(raw ?? '').toLowerCase().replace(/_/g, '-').split('-');
    if (parts[0] === 'en') return 'en';
    if (parts[0] === 'es') return 'es';
    if (parts[0] !== 'zh') continue;
    const script = parts.slice(1).find((p) => /^[a-z]{4}$/.test(p));
    const region = parts.slice(1).find((p) => /^[a-z]{2}$/.test(p));
    if (script ? script === 'hans' : !['tw', 'hk', 'mo'].includes(region ?? '')) return 'zh-CN';
  }
  return 'en';
}

/** A string in `lang` with {placeholders} filled in (English if the table lacks it). */
export function translate(lang: WidgetLang, key: StringKey, vars?: Record<string, string | number>): string {
  const text = TABLES[lang][key] || en[key];
  return text.replace(/\{(\w+)\}/g, (_m, v: string) => String(vars?.[v] ?? ''));
}
