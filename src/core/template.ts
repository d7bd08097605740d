/**
 * `{{customer.name}}`-style placeholders in script texts. Parsed at compile time so a typo is a
 * validation problem; filled at render time from the session's answers and start context.
 */
const PLACEHOLDER = /\{\{\s*([^{}|]*?)\s*(?:\|([^{}]*))?\}\}/g;

export interface Placeholder {
  path: string[];
  fallback: string;
}

export function placeholdersIn(text: string): { placeholders: Placeholder[]; unclosed: boolean } {
  const placeholders = [...text.matchAll(PLACEHOLDER)].map((m) => ({
    path: (m[1] ?? '').split('.').map((s) => s.trim()),
    fallback: (m[2] ?? '').trim(),
  }));
  const unclosed = text.replace(PLACEHOLDER, '').includes('{{');
  return { placeholders, unclosed };
}

export type Lookup = (path: readonly string[]) => unknown;

/** Arrays become a localized list ("a, b and c"), objects their `name`/`title`; a missing value
 * becomes the fallback, so a customer never sees a raw `{{...}}`. */
export function fillPlaceholders(text: string, lookup: Lookup, locale: string): string {
  return text.replace(PLACEHOLDER, (_m, rawPath: string, fallback: string | undefined) => {
    const value = lookup(rawPath.split('.').map((s) => s.trim()));
    const shown = display(value, locale);
    return shown === '' ? (fallback ?? '').trim() : shown;
  });
}

function display(value: unknown, locale: string): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) {
    const parts = value.map((v) => display(v, locale)).filter(Boolean);
    return parts.length ? new Intl.ListFormat(locale, { type: 'conjunction' }).format(parts) : '';
  }
  if (typeof value === 'object') {
    const named = value as { name?: unknown; title?: unknown };
    return display(named.name ?? named.title, locale);
  }
  if (typeof value === 'number') return new Intl.NumberFormat(locale).format(value);
  return String(value);
}

/** Bot strings in locales/*.json use single braces: "from {min} to {max}". */
export function interpolate(text: string, params: Readonly<Record<string, string | number>>): string {
  return text.replace(/\{(\w+)\}/g, (m, key: string) => (key in params ? String(params[key]) : m));
}
