/**
 * What the results page shows, as plain data, and its place in the URL fragment
 * (#survey=post-purchase&range=30&segment.brand=Acme&interval=week&by=brand), so a view can be
 * shared as a link and survives a reload or the sign-in. Pure: `today` (a UTC day) is passed in.
 *
 * Days are UTC days written YYYY-MM-DD, as the results API counts them.
 */
import type { TrendInterval } from '../../../src/core/api/results.js';

/** The preset ranges, in days ending today; 'custom' keeps its own from and to. */
export const RANGE_PRESETS = ['7', '30', '90'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number] | 'custom';
export const DEFAULT_RANGE: RangePreset = '30';
export const INTERVALS: readonly TrendInterval[] = ['day', 'week', 'month'];
/** The API reads at most a year (366 days) at a time. */
export const MAX_RANGE_DAYS = 366;

export interface ResultsView {
  /** '' until a survey is chosen. */
  survey: string;
  range: RangePreset;
  /** The range's days (inclusive), worked out from the preset or as given. */
  from: string;
  to: string;
  /** One segment value at a time (the API filters one segment). */
  segment: { name: string; value: string } | null;
  interval: TrendInterval;
  /** The segment the breakdown is by; '' → the survey's first. */
  by: string;
}

const DAY_MS = 86_400_000;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** The UTC day of an instant. */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A real day written YYYY-MM-DD (2026-02-30 is not). */
export function isDay(s: string | null | undefined): s is string {
  if (!s || !DAY_RE.test(s)) return false;
  const ms = Date.parse(`${s}T00:00:00Z`);
  return Number.isFinite(ms) && dayOf(ms) === s;
}

export function addDays(day: string, n: number): string {
  return dayOf(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS);
}

/** Days from `from` to `to`, both counted. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** A preset's days: the last N days, today included. */
export function presetRange(preset: Exclude<RangePreset, 'custom'>, today: string): { from: string; to: string } {
  return { from: addDays(today, -(Number(preset) - 1)), to: today };
}

/** A trend interval that draws a readable number of points for a range of this many days. */
export function intervalFor(days: number): TrendInterval {
  return days <= 31 ? 'day' : days <= 120 ? 'week' : 'month';
}

export function defaultView(today: string, survey = ''): ResultsView {
  const r = presetRange('30', today);
  return { survey, range: DEFAULT_RANGE, ...r, segment: null, interval: intervalFor(30), by: '' };
}

/**
 * The view a fragment describes. Whatever is missing or wrong falls back to the defaults (the
 * last 30 days, no filter): a mangled link still opens a page, never an error.
 */
export function parseView(hash: string, today: string): ResultsView {
  const q = new URLSearchParams(hash.replace(/^#/, ''));
  const view = defaultView(today, (q.get('survey') ?? '').trim().slice(0, 64));
  const range = q.get('range');
  const from = q.get('from');
  const to = q.get('to');
  if ((RANGE_PRESETS as readonly string[]).includes(range ?? '')) {
    Object.assign(view, { range, ...presetRange(range as Exclude<RangePreset, 'custom'>, today) });
  } else if (isDay(from) && isDay(to) && from <= to && daysBetween(from, to) <= MAX_RANGE_DAYS) {
    Object.assign(view, { range: 'custom', from, to });
  }
  const interval = q.get('interval');
  view.interval = (INTERVALS as readonly string[]).includes(interval ?? '') ? (interval as TrendInterval) : intervalFor(daysBetween(view.from, view.to));
  for (const [key, value] of q) {
    if (key.startsWith('segment.') && key.length > 8 && value.trim()) {
      view.segment = { name: key.slice(8), value: value.trim() };
      break;
    }
  }
  view.by = (q.get('by') ?? '').slice(0, 100);
  return view;
}

/** The fragment for a view: only what differs from the defaults, in a fixed order. */
export function viewHash(view: ResultsView): string {
  if (!view.survey) return '';
  const q = new URLSearchParams({ survey: view.survey });
  if (view.range === 'custom') {
    q.set('from', view.from);
    q.set('to', view.to);
  } else if (view.range !== DEFAULT_RANGE) q.set('range', view.range);
  if (view.segment) q.set(`segment.${view.segment.name}`, view.segment.value);
  if (view.interval !== intervalFor(daysBetween(view.from, view.to))) q.set('interval', view.interval);
  if (view.by) q.set('by', view.by);
  return `#${q}`;
}

/** from, to and the segment filter: what every results call and the response listing take. */
export function scopeParams(view: ResultsView): URLSearchParams {
  const q = new URLSearchParams({ from: view.from, to: view.to });
  if (view.segment) q.set(`segment.${view.segment.name}`, view.segment.value);
  return q;
}

/** The response listing (JSON pages, or an export) for the same filters. */
export function responsesParams(view: ResultsView, extra: { cursor?: string | null; limit?: number; format?: 'csv' | 'xlsx' } = {}): URLSearchParams {
  const q = scopeParams(view);
  q.set('surveyId', view.survey);
  if (extra.format) q.set('format', extra.format);
  else {
    if (extra.limit) q.set('limit', String(extra.limit));
    if (extra.cursor) q.set('cursor', extra.cursor);
  }
  return q;
}

/** A custom range checked as the form gives it: the range, or what is wrong with it (a key). */
export function customRange(from: string, to: string): { from: string; to: string } | { error: 'results.range.badDay' | 'results.range.backwards' | 'results.range.tooLong' } {
  if (!isDay(from) || !isDay(to)) return { error: 'results.range.badDay' };
  if (to < from) return { error: 'results.range.backwards' };
  if (daysBetween(from, to) > MAX_RANGE_DAYS) return { error: 'results.range.tooLong' };
  return { from, to };
}
