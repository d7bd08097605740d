/**
 * Formatting for the staff pages: times relative to now, durations, and small text helpers.
 * Pure: the clock (`now`), the locale and the strings (`t`) are passed in, so each is a table
 * in the unit tests (test/unit/web/format.test.ts).
 */
import type { Translate } from './i18n.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const parse = (iso: string | undefined | null): number => (iso ? Date.parse(iso) : NaN);

/**
 * "in 12 minutes", "5 minutes ago", "yesterday"; within 45 s of now, `t('time.now')`. Minutes up
 * to 45, hours up to 22, then days, as people round them.
 */
export function relativeTime(iso: string | undefined | null, now: number, locale: string, t: Translate): string {
  const at = parse(iso);
  if (!Number.isFinite(at)) return '';
  const diff = at - now;
  const abs = Math.abs(diff);
  if (abs < 45_000) return t('time.now');
  const [unit, ms]: [Intl.RelativeTimeFormatUnit, number] = abs < 45 * MINUTE ? ['minute', MINUTE] : abs < 22 * HOUR ? ['hour', HOUR] : ['day', DAY];
  const n = Math.round(diff / ms) || Math.sign(diff);
  return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(n, unit);
}

/** The full local date and time, for titles and details. */
export function absoluteTime(iso: string | undefined | null, locale: string): string {
  const at = parse(iso);
  return Number.isFinite(at) ? new Date(at).toLocaleString(locale) : '';
}

/** "14:05" today, "Mar 3, 14:05" on other days: transcript lines. */
export function clockTime(iso: string | undefined | null, now: number, locale: string): string {
  const at = parse(iso);
  if (!Number.isFinite(at)) return '';
  const d = new Date(at);
  const today = new Date(now).toDateString() === d.toDateString();
  return today
    ? d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleString(locale, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/**
 * A length of time in at most two units, largest first: "45 s", "12 min", "1 hr 5 min",
 * "2 days 3 hr" (in the locale's own unit words). Negative or unknown: ''.
 */
export function duration(ms: number, locale: string): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  const unit = (n: number, u: 'second' | 'minute' | 'hour' | 'day') => new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: u === 'day' ? 'long' : 'short' }).format(n);
  if (ms < MINUTE) return unit(Math.round(ms / 1000), 'second');
  const parts: [number, 'day' | 'hour' | 'minute'][] = [];
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms % DAY) / HOUR);
  const minutes = Math.floor((ms % HOUR) / MINUTE);
  if (days) parts.push([days, 'day'], [hours, 'hour']);
  else if (hours) parts.push([hours, 'hour'], [minutes, 'minute']);
  else parts.push([minutes, 'minute']);
  return parts
    .filter(([n], i) => i === 0 || n > 0)
    .map(([n, u]) => unit(n, u))
    .join(' ');
}

/** The time between two instants, e.g. how long a case waited to be claimed; '' if unknown. */
export function between(fromIso: string | undefined | null, toIso: string | undefined | null, locale: string): string {
  const from = parse(fromIso);
  const to = parse(toIso);
  return Number.isFinite(from) && Number.isFinite(to) ? duration(to - from, locale) : '';
}

/** Text or number as text; anything else (objects from the customer's record) as ''. */
export const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

export const capitalize = (s: string): string => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);

const ACRONYMS: Record<string, string> = { csat: 'CSAT', nps: 'NPS', ces: 'CES' };
/** A question or rule id as words: "product_quality" → "Product quality", "nps" → "NPS". */
export const humanize = (id: unknown): string => ACRONYMS[String(id)] ?? capitalize(String(id ?? '').replace(/[_-]+/g, ' '));

export const truncate = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1).trimEnd()}…` : s);

/** "+0.40", "−0.75", "0.00": a sentiment score. */
export const signed = (n: number): string => (n > 0 ? '+' : n < 0 ? '−' : '') + Math.abs(n).toFixed(2);

/** A path into a script as text: ['questions', 0, 'text'] → "questions[0].text". */
export const pathText = (p: unknown): string =>
  Array.isArray(p) ? p.map((k, i) => (typeof k === 'number' ? `[${k}]` : (i ? '.' : '') + str(k))).join('') : str(p);

/** A survey's title in the staff UI's language when the survey has one, else its default title, else its id. */
export function surveyTitle(s: { id: string; title?: unknown; titles?: Record<string, unknown> }, locale: string): string {
  return str(s.titles?.[locale]) || textOf(s.title, locale) || s.id;
}

/** A title may come as text or as {locale: text}: the wanted locale's, else English, else any. */
export function textOf(title: unknown, locale = 'en'): string {
  if (typeof title === 'string') return title;
  if (title && typeof title === 'object') {
    const t = title as Record<string, unknown>;
    return str(t[locale]) || str(t.en) || str(Object.values(t).find((v) => typeof v === 'string'));
  }
  return '';
}
