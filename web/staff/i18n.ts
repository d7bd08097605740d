import { pickLocale as pickUiLocale } from '../shared/pickLocale.js';
/**
 * The staff app's strings: flat `key → template` tables per locale (web/staff/locales/*.json,
 * shaped like the bot's locales/*.json), `{name}` placeholders, and plurals as `key.one` /
 * `key.other` (… any CLDR category) chosen with Intl.PluralRules. A key missing in the chosen
 * locale falls back to English, and a key missing there too shows as the key itself, so a gap
 * is visible on the page rather than an empty label.
 *
 * This module is pure (no DOM, no storage): the page wires it to the language picker.
 */

export const STAFF_LOCALES = ['en', 'es', 'zh-CN'] as const;
export type StaffLocale = (typeof STAFF_LOCALES)[number];
export const FALLBACK_LOCALE: StaffLocale = 'en';

export type Messages = Readonly<Record<string, string>>;
export type Params = Readonly<Record<string, string | number>>;

/** `t(key, params)`; with a numeric `count` param, `key.one` / `key.other` … are tried first. */
export type Translate = (key: string, params?: Params) => string;

/** Fills `{name}` from params; an unknown placeholder stays as written. */
export function fill(template: string, params: Params | undefined, locale: string): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    return typeof v === 'number' ? new Intl.NumberFormat(locale).format(v) : v;
  });
}

export function createTranslator(locale: string, messages: Messages, fallback: Messages): Translate {
  const rules = new Intl.PluralRules(locale);
  const lookup = (key: string): string | undefined => messages[key] ?? fallback[key];
  return (key, params) => {
    const count = params?.count;
    if (typeof count === 'number') {
      const plural = lookup(`${key}.${rules.select(count)}`) ?? lookup(`${key}.other`);
      if (plural !== undefined) return fill(plural, params, locale);
    }
    const template = lookup(key);
    return template === undefined ? key : fill(template, params, locale);
  };
}

/** The staff locale for the browser's preferred languages: the widget's rule (web/shared/pickLocale). */
export function pickLocale(preferred: readonly (string | null | undefined)[] | undefined): StaffLocale {
  return pickUiLocale(preferred);
}

/** A stored choice counts only if it is still one we have. */
export function storedLocale(value: string | null | undefined): StaffLocale | undefined {
  return (STAFF_LOCALES as readonly string[]).includes(value ?? '') ? (value as StaffLocale) : undefined;
}
