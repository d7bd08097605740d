import type { SegmentFilter } from '../api/results.js';
import { addDays, daysInRange, parseDay, type Interval } from './periods.js';
import { MAX_SEGMENT_VALUE } from './segments.js';

/** The longest range one call reads: a year, leap day included. */
export const MAX_RANGE_DAYS = 366;
/** Without from/to: the last 30 days, today included. */
export const DEFAULT_RANGE_DAYS = 30;
export const SEGMENT_PREFIX = 'segment.';

export interface ResultsQuery {
  from: string;
  to: string;
  segment?: SegmentFilter;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

type Query = Readonly<Record<string, unknown>>;

const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });

/**
 * from, to (days, UTC) and the segment filter of a results call (or a responses listing), as
 * express parsed the query string. `today` is the UTC day now (the Clock's, passed in).
 * `allowed` are the call's own other parameters; any parameter not known is refused, so a typo
 * (`segments.brand`) cannot silently widen the figures.
 */
export function parseResultsQuery(query: Query, today: string, allowed: readonly string[] = []): Parsed<ResultsQuery> {
  const unknown = Object.keys(query).filter((k) => k !== 'from' && k !== 'to' && !k.startsWith(SEGMENT_PREFIX) && !allowed.includes(k));
  if (unknown.length) return fail(`Unknown parameter${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}: use from, to, segment.<name>${allowed.map((a) => `, ${a}`).join('')}.`);
  const range = parseRange(query, today);
  if (!range.ok) return range;
  const segment = parseSegmentFilter(query);
  if (!segment.ok) return segment;
  return { ok: true, value: { ...range.value, ...(segment.value ? { segment: segment.value } : {}) } };
}

function single(query: Query, name: string): Parsed<string | undefined> {
  const v = query[name];
  if (v === undefined || v === '') return { ok: true, value: undefined };
  if (typeof v !== 'string') return fail(`Give "${name}" once.`);
  return { ok: true, value: v };
}

export function parseRange(query: Query, today: string): Parsed<{ from: string; to: string }> {
  const fromText = single(query, 'from');
  if (!fromText.ok) return fromText;
  const toText = single(query, 'to');
  if (!toText.ok) return toText;
  for (const [name, text] of [['from', fromText.value], ['to', toText.value]] as const) {
    if (text !== undefined && parseDay(text) === undefined) return fail(`"${name}" must be a real day written YYYY-MM-DD (UTC), e.g. 2026-11-01; got "${text.slice(0, 40)}".`);
  }
  // One bound alone: the other is 30 days away (to defaults to today, from to 29 days before to).
  const to = toText.value ?? (fromText.value !== undefined && fromText.value > today ? fromText.value : today);
  const from = fromText.value ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1));
  if (to < from) return fail(`"to" (${to}) is before "from" (${from}).`);
  const days = daysInRange(from, to);
  if (days > MAX_RANGE_DAYS) return fail(`The range from ${from} to ${to} is ${days} days; ask for at most ${MAX_RANGE_DAYS} days at a time.`);
  return { ok: true, value: { from, to } };
}

/**
 * `segment.<name>=<value>`, repeatable: several values of one segment are OR-ed (brand Acme or
 * Globex). Only one segment at a time: the results are kept per segment value, not per
 * combination of two segments' values, so "brand Acme and tier gold" cannot be answered.
 */
export function parseSegmentFilter(query: Query): Parsed<SegmentFilter | undefined> {
  const names = Object.keys(query).filter((k) => k.startsWith(SEGMENT_PREFIX));
  if (!names.length) return { ok: true, value: undefined };
  if (names.length > 1) {
    return fail(`Filter on one segment at a time (got ${names.map((n) => n.slice(SEGMENT_PREFIX.length)).join(' and ')}): results are kept per value of each segment, not per combination. Several values of one segment are allowed (segment.brand=Acme&segment.brand=Globex).`);
  }
  const key = names[0]!;
  const name = key.slice(SEGMENT_PREFIX.length);
  if (!name) return fail('Name the segment: segment.<name>=<value>, e.g. segment.brand=Acme.');
  const raw = query[key];
  const values = typeof raw === 'string' ? [raw] : Array.isArray(raw) && raw.every((v) => typeof v === 'string') ? (raw as string[]) : undefined;
  if (!values) return fail(`"${key}" must be a value, e.g. ${key}=Acme (repeat it for several).`);
  if (values.some((v) => !v.trim())) return fail(`"${key}" needs a value that is not empty.`);
  if (values.some((v) => v.length > MAX_SEGMENT_VALUE)) return fail(`Segment values are at most ${MAX_SEGMENT_VALUE} characters.`);
  return { ok: true, value: { name, values: [...new Set(values.map((v) => v.normalize('NFKC').trim()))] } };
}

export const INTERVALS: readonly Interval[] = ['day', 'week', 'month'];

export function parseInterval(query: Query): Parsed<Interval> {
  const v = single(query, 'interval');
  if (!v.ok) return v;
  if (v.value === undefined) return { ok: true, value: 'day' };
  if (!(INTERVALS as readonly string[]).includes(v.value)) return fail(`"interval" must be day, week or month; got "${v.value.slice(0, 20)}".`);
  return { ok: true, value: v.value as Interval };
}
