/**
 * How the results page writes its figures: shares as percentages, NPS as signed points, means
 * with two decimals, margins as ±, and changes against the previous period with their direction
 * and whether they are significant. Pure: the locale is passed in, the words come from the page.
 */
import type { Comparison, ResultsSummary, ResultsTrend } from '../../../src/core/api/results.js';

export type FigureKind = 'share' | 'nps' | 'mean' | 'count';
export type HeadlineId = 'csat' | 'nps' | 'ces' | 'responses' | 'completion';

/** '—' for what cannot be said (no answers): never a misleading 0. */
export const NONE = '—';

const fmt = (locale: string, opts: Intl.NumberFormatOptions) => new Intl.NumberFormat(locale, opts);
const ok = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** 0.8234 → "82%"; `digits` decimals of the percentage. */
export function formatShare(share: number | null | undefined, locale: string, digits = 0): string {
  return ok(share) ? fmt(locale, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(share) : NONE;
}

/** NPS in whole points, signed: "+12", "-8", "0". */
export function formatNps(score: number | null | undefined, locale: string): string {
  return ok(score) ? fmt(locale, { maximumFractionDigits: 0, signDisplay: 'exceptZero' }).format(score) : NONE;
}

/** A mean on its scale: "4.12". */
export function formatMean(mean: number | null | undefined, locale: string): string {
  return ok(mean) ? fmt(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(mean) : NONE;
}

export function formatCount(n: number | null | undefined, locale: string): string {
  return ok(n) ? fmt(locale, { maximumFractionDigits: 0 }).format(n) : NONE;
}

/** A figure of any kind, as the cards and tables write it. */
export function formatFigure(kind: FigureKind, v: number | null | undefined, locale: string): string {
  return kind === 'share' ? formatShare(v, locale) : kind === 'nps' ? formatNps(v, locale) : kind === 'mean' ? formatMean(v, locale) : formatCount(v, locale);
}

/** The half-width of a 95% interval in the figure's unit: "±4%" (share), "±6" (NPS), "±0.12"; '' when none. */
export function formatMargin(kind: FigureKind, margin: number | null | undefined, locale: string): string {
  if (!ok(margin) || margin <= 0 || kind === 'count') return '';
  const v = kind === 'share' ? formatShare(margin, locale) : kind === 'nps' ? fmt(locale, { maximumFractionDigits: 0 }).format(margin) : formatMean(margin, locale);
  return `±${v}`;
}

/**
 * The Wilson 95% half-width of a share of `n` (what the API gives CSAT; the page works it out
 * for the completion rate, whose answer carries none). A share above 1 (completions of surveys
 * started before the range) is taken as 1.
 */
export function wilsonMargin(share: number, n: number, z = 1.959963984540054): number {
  if (!(n > 0) || !Number.isFinite(share)) return 0;
  const p = Math.min(1, Math.max(0, share));
  const z2 = z * z;
  return (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
}

export type Direction = 'up' | 'down' | 'same';

export interface ChangeText {
  /** Signed, in the figure's unit: "+5" (percentage points), "+12" (NPS points), "-0.30", "+14". */
  delta: string;
  /** What the delta counts: percentage points, NPS points, scale points, responses. */
  unit: 'pp' | 'points' | 'scale' | 'count';
  direction: Direction;
  /** Unlikely to be chance (two-sided 95%); never claimed for plain counts. */
  significant: boolean;
}

/** now − before as the card writes it; null when either side has no answers. Every figure here
 * is better when higher (CES is 1–7, 7 = very easy). */
export function formatChange(kind: FigureKind, c: Pick<Comparison, 'delta' | 'significant'> | null | undefined, locale: string): ChangeText | null {
  if (!c || !ok(c.delta)) return null;
  const shown = kind === 'share' ? c.delta * 100 : c.delta;
  const digits = kind === 'mean' ? 2 : 0;
  const text = fmt(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits, signDisplay: 'exceptZero' }).format(shown);
  const rounded = Number(shown.toFixed(digits));
  const unit = kind === 'share' ? 'pp' : kind === 'nps' ? 'points' : kind === 'mean' ? 'scale' : 'count';
  return { delta: text, unit, direction: rounded > 0 ? 'up' : rounded < 0 ? 'down' : 'same', significant: kind !== 'count' && !!c.significant };
}

export interface HeadlineCard {
  id: HeadlineId;
  kind: FigureKind;
  /** The question behind it (CSAT, NPS, CES); null for the survey-wide figures. */
  questionId: string | null;
  /** False when the survey has no such question: the card says so instead of a figure. */
  available: boolean;
  value: string;
  /** The raw figure, for tests and data attributes. */
  raw: number | null;
  n: number;
  margin: string;
  change: ChangeText | null;
  /** Before: the previous period's figure and its n. */
  before: string;
  nBefore: number;
}

/**
 * The five headline cards from a summary and a trend of the same scope: CSAT, NPS, CES (when the
 * survey asks them), responses and completion rate, each with n, margin and the change against
 * the previous period of the same length (the trend's comparison).
 */
export function headlineCards(summary: ResultsSummary, trend: ResultsTrend | null, locale: string): HeadlineCard[] {
  const question = (id: string | null) => (id ? summary.questions.find((q) => q.id === id) : undefined);
  const cmp = trend?.comparison;
  const cards: HeadlineCard[] = [];

  // The three scores differ only in which figure of their question they show and how.
  const score = (id: 'csat' | 'nps' | 'ces', kind: FigureKind, format: (v: number | null | undefined, locale: string) => string, figure: { value: number | null; n: number; marginOfError: number | null } | undefined) => {
    const shown = figure && figure.n ? figure : undefined;
    const before = cmp?.[id];
    cards.push({
      id,
      kind,
      questionId: summary.headline[id],
      available: !!summary.headline[id],
      value: shown ? format(shown.value, locale) : NONE,
      raw: shown ? shown.value : null,
      n: figure?.n ?? 0,
      margin: shown ? formatMargin(kind, shown.marginOfError, locale) : '',
      change: formatChange(kind, before, locale),
      before: format(before?.before, locale),
      nBefore: before?.nBefore ?? 0,
    });
  };
  const csat = question(summary.headline.csat)?.csat;
  const nps = question(summary.headline.nps)?.nps;
  const ces = question(summary.headline.ces)?.ces;
  score('csat', 'share', formatShare, csat && { value: csat.satisfiedShare, n: csat.n, marginOfError: csat.marginOfError });
  score('nps', 'nps', formatNps, nps && { value: nps.score, n: nps.n, marginOfError: nps.marginOfError });
  score('ces', 'mean', formatMean, ces && { value: ces.mean, n: ces.n, marginOfError: ces.marginOfError });

  const r = summary.responses;
  const completion = cmp?.completionRate;
  const countChange = completion ? { delta: completion.nNow - completion.nBefore, significant: false } : null;
  cards.push({
    id: 'responses',
    kind: 'count',
    questionId: null,
    available: true,
    value: formatCount(r.started, locale),
    raw: r.started,
    n: r.started,
    margin: '',
    change: formatChange('count', countChange, locale),
    before: completion ? formatCount(completion.nBefore, locale) : NONE,
    nBefore: completion?.nBefore ?? 0,
  });

  cards.push({
    id: 'completion',
    kind: 'share',
    questionId: null,
    available: true,
    value: r.started ? formatShare(r.completionRate, locale) : NONE,
    raw: r.started ? r.completionRate : null,
    n: r.started,
    margin: r.started ? formatMargin('share', wilsonMargin(r.completionRate, r.started), locale) : '',
    change: formatChange('share', completion, locale),
    before: formatShare(completion?.before, locale),
    nBefore: completion?.nBefore ?? 0,
  });
  return cards;
}

/** A day (YYYY-MM-DD, UTC) as the locale writes a short date: "Nov 3". */
export function formatDay(day: string, locale: string, withYear = false): string {
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (!Number.isFinite(ms)) return day;
  return new Date(ms).toLocaleDateString(locale, { timeZone: 'UTC', month: 'short', day: 'numeric', ...(withYear ? { year: 'numeric' } : {}) });
}

/** A trend period's label: the day, the week's first day, or the month. */
export function formatPeriod(period: string, interval: 'day' | 'week' | 'month', locale: string): string {
  if (interval !== 'month') return formatDay(period, locale);
  const ms = Date.parse(`${period}T00:00:00Z`);
  return Number.isFinite(ms) ? new Date(ms).toLocaleDateString(locale, { timeZone: 'UTC', month: 'short', year: 'numeric' }) : period;
}
