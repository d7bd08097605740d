/**
 * The page's current language: the picker's choice (localStorage), else the browser's languages.
 * Labels built once (the page skeleton) go in through `text()` / `attr()`, which follow a change
 * of language by themselves; what pages draw from data they draw again on `onLanguage`.
 */
import en from './locales/en.json';
import es from './locales/es.json';
import zhCN from './locales/zh-CN.json';
import { createTranslator, FALLBACK_LOCALE, pickLocale, storedLocale, STAFF_LOCALES, type Messages, type Params, type Translate } from './i18n.js';

const LANG_KEY = 'satisfy:staff:lang';
const TABLES: Record<string, Messages> = { en, es, 'zh-CN': zhCN };

/** Each language's name in itself, for the picker. */
export const LANGUAGE_NAMES: Record<string, string> = { en: 'English', es: 'Español', 'zh-CN': '简体中文' };

let current = initial();
let translate: Translate = translatorFor(current);
const listeners = new Set<() => void>();
const bound = new Set<{ ref: WeakRef<Element | Text>; apply: () => void }>();

function initial(): string {
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(LANG_KEY);
  } catch {
    /* storage off: the browser's languages decide */
  }
  return storedLocale(saved) ?? pickLocale(navigator.languages?.length ? navigator.languages : [navigator.language]);
}

function translatorFor(locale: string): Translate {
  return createTranslator(locale, TABLES[locale] ?? TABLES[FALLBACK_LOCALE]!, TABLES[FALLBACK_LOCALE]!);
}

export const t: Translate = (key, params) => translate(key, params);

export function language(): string {
  return current;
}

export function languages(): readonly string[] {
  return STAFF_LOCALES;
}

/** Switches the page's language, remembers it, and redraws every label. */
export function setLanguage(locale: string): void {
  if (!storedLocale(locale) || locale === current) return;
  current = locale;
  translate = translatorFor(locale);
  try {
    localStorage.setItem(LANG_KEY, locale);
  } catch {
    /* not remembered; still switched */
  }
  document.documentElement.lang = locale;
  for (const b of bound) {
    if (b.ref.deref()) b.apply();
    else bound.delete(b);
  }
  for (const fn of listeners) fn();
}

export function onLanguage(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** A text node that stays translated. */
export function text(key: string, params?: Params): Text {
  const node = document.createTextNode(t(key, params));
  bind(node, () => (node.data = t(key, params)));
  return node;
}

/** An attribute (placeholder, aria-label, title …) that stays translated. */
export function attr<E extends Element>(el: E, name: string, key: string, params?: Params): E {
  const apply = () => el.setAttribute(name, t(key, params));
  apply();
  bind(el, apply);
  return el;
}

function bind(node: Element | Text, apply: () => void): void {
  bound.add({ ref: new WeakRef(node), apply });
}

/** For Intl formatters: the locale tag. */
export function intlLocale(): string {
  return current;
}

document.documentElement.lang = current;
