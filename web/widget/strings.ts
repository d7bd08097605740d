/**
 * The widget's own words (not the survey's, which come from the server) in the languages it
 * ships: English, Spanish and Simplified Chinese. A table missing a key fails the type check.
 */
import { en } from './locales/en.js';
import { es } from './locales/es.js';
import { zhCN } from './locales/zh-CN.js';
import { pickLocale } from '../shared/pickLocale.js';

export type StringKey = keyof typeof en;
export type StringTable = Record<StringKey, string>;
export type WidgetLang = 'en' | 'es' | 'zh-CN';

const TABLES: Record<WidgetLang, StringTable> = { en, es, 'zh-CN': zhCN };

/** The first preference our strings can serve (web/shared/pickLocale), English when none. */
export function pickLang(prefs: readonly (string | null | undefined)[]): WidgetLang {
  return pickLocale(prefs);
}

/** A string in `lang` with {placeholders} filled in (English if the table lacks it). */
export function translate(lang: WidgetLang, key: StringKey, vars?: Record<string, string | number>): string {
  const text = TABLES[lang][key] || en[key];
  return text.replace(/\{(\w+)\}/g, (_m, v: string) => String(vars?.[v] ?? ''));
}
