/**
 * The numbers each chart (and the table beside it) draws, built from the API's answers. Pure and
 * free of the chart library, so what is drawn is tested as data: shares become percentages,
 * periods or groups without answers become gaps (null), never zeros.
 */
import type { BreakdownGroup, CsatFigure, Headline, MeanFigure, NpsFigure, Quadrant, ResultsBreakdown, ResultsDrivers, ResultsSummary, ResultsTrend, TrendPoint } from '../../../src/core/api/results.js';
import type { FigureKind } from './resultsFormat.js';

/** What a chart can show of a period or a group. */
export type Metric = 'csat' | 'nps' | 'ces' | 'responses' | 'completion';

export const METRIC_KIND: Readonly<Record<Metric, FigureKind>> = { csat: 'share', nps: 'nps', ces: 'mean', responses: 'count', completion: 'share' };

/** The metrics a survey has: its headline scores (only those it asks), then responses and completion. */
export function metricsOf(headline: Headline): Metric[] {
  return [...(['csat', 'nps', 'ces'] as const).filter((m) => headline[m]), 'responses', 'completion'];
}

/** A figure on the chart's axis: shares as percentages (0–100), NPS points, means, counts. */
export interface ChartValue {
  value: number | null;
  /** The answers behind it. */
  n: number;
  /** Half-width of its 95% interval in the same unit; 0 when none. */
  margin: number;
}

type Figures = { started: number; completed: number; csat: CsatFigure | null; nps: NpsFigure | null; ces: MeanFigure | null };

export function chartValue(metric: Metric, f: Figures): ChartValue {
  switch (metric) {
    case 'csat':
      return f.csat && f.csat.n ? { value: f.csat.satisfiedShare * 100, n: f.csat.n, margin: f.csat.marginOfError * 100 } : { value: null, n: 0, margin: 0 };
    case 'nps':
      return f.nps && f.nps.n ? { value: f.nps.score, n: f.nps.n, margin: f.nps.marginOfError } : { value: null, n: 0, margin: 0 };
    case 'ces':
      return f.ces && f.ces.n && f.ces.mean !== null ? { value: f.ces.mean, n: f.ces.n, margin: f.ces.marginOfError } : { value: null, n: 0, margin: 0 };
    case 'responses':
      return { value: f.started, n: f.started, margin: 0 };
    case 'completion':
      return f.started ? { value: (Math.min(f.completed, f.started) / f.started) * 100, n: f.started, margin: 0 } : { value: null, n: 0, margin: 0 };
  }
}

/** A y-axis tick's label. Counts are whole: a tick between two whole numbers (0.2 on a 0–1 axis)
 * gets none, rather than a rounded repeat down the axis ("1, 1, 1, 0, 0, 0"). */
export function axisTickText(metric: Metric, v: number, text: (v: number) => string): string {
  return METRIC_KIND[metric] === 'count' && !Number.isInteger(v) ? '' : text(v);
}

/** The y range a metric is drawn on: fixed for bounded figures, so two charts compare. */
export function metricRange(metric: Metric, values: readonly (number | null)[], scale?: { min: number; max: number }): [number, number] {
  if (metric === 'csat' || metric === 'completion') return [0, 100];
  if (metric === 'nps') return [-100, 100];
  if (metric === 'ces') return [scale?.min ?? 1, scale?.max ?? 7];
  const top = Math.max(0, ...values.filter((v): v is number => v !== null));
  return [0, Math.max(1, Math.ceil(top * 1.1))];
}

export interface TrendSeries {
  /** Each period's first day inside the range (YYYY-MM-DD): a week that began before the range
   * is labelled by the range's first day, which is where its figures start. */
  periods: string[];
  values: (number | null)[];
  /** Answers behind each point (responses started, for responses and completion). */
  n: number[];
  /** Responses started in each period. */
  started: number[];
}

export function trendSeries(trend: Pick<ResultsTrend, 'points'>, metric: Metric): TrendSeries {
  const points: TrendPoint[] = trend.points;
  const figures = points.map((p) => chartValue(metric, p));
  return { periods: points.map((p) => p.from), values: figures.map((f) => f.value), n: figures.map((f) => f.n), started: points.map((p) => p.started) };
}

export interface BreakdownRow {
  /** null: responses without a value ("not given"). */
  value: string | null;
  /** Responses started in the group. */
  responses: number;
  small: boolean;
  figure: ChartValue;
  group: BreakdownGroup;
}

/** One row per group, in the API's order (largest first, "not given" last); small groups stay. */
export function breakdownRows(b: Pick<ResultsBreakdown, 'groups'>, metric: Metric): BreakdownRow[] {
  return b.groups.map((g) => ({ value: g.value, responses: g.n, small: g.small, figure: chartValue(metric, { ...g, started: g.responses.started, completed: g.responses.completed }), group: g }));
}

/** Bars for the breakdown chart: one series for the groups large enough, one for the small ones,
 * each null where the other has the bar (so a small group is drawn, marked, never dropped). */
export function breakdownBars(rows: readonly BreakdownRow[]): { regular: (number | null)[]; small: (number | null)[] } {
  return { regular: rows.map((r) => (r.small ? null : r.figure.value)), small: rows.map((r) => (r.small ? r.figure.value : null)) };
}

export interface DriverPoint {
  questionId: string;
  aspect: string;
  /** Correlation with the outcome (x). */
  importance: number;
  /** Mean rating (y) on the drivers' shared scale, or 0..1 of each one's scale when they differ. */
  performance: number;
  quadrant: Quadrant | null;
  n: number;
  pairs: number;
  shortBoard: boolean;
}

export interface DriverChart {
  /** Drivers with both figures, short boards first (then by importance, as the API orders). */
  points: DriverPoint[];
  /** Drivers that cannot be placed yet (too few pairs, or no variation). */
  unplaced: ResultsDrivers['drivers'];
  /** Where the median lines cross, on the chart's axes; null without drivers. */
  medians: { importance: number | null; performance: number | null };
  /** The y axis: the shared scale, or 0..1 when the scales differ. */
  yRange: [number, number];
  normalised: boolean;
}

/** The importance × performance chart's data. The API gives the median of performance
 * normalised to 0..1; on a shared scale it is drawn at the same place on that scale. */
export function driverChart(d: Pick<ResultsDrivers, 'drivers' | 'medians'>): DriverChart {
  const scales = new Set(d.drivers.map((x) => `${x.scale.min}..${x.scale.max}`));
  const shared = scales.size <= 1 ? d.drivers[0]?.scale : undefined;
  const normalised = !shared;
  const yOf = (perf: number, scale: { min: number; max: number }) => (normalised ? (scale.max > scale.min ? (perf - scale.min) / (scale.max - scale.min) : 0) : perf);
  const placed = d.drivers.filter((x) => x.importance !== null && x.performance !== null);
  const points = placed
    .map((x) => ({
      questionId: x.questionId,
      aspect: x.aspect,
      importance: x.importance!,
      performance: yOf(x.performance!, x.scale),
      quadrant: x.quadrant,
      n: x.n,
      pairs: x.pairs,
      shortBoard: x.quadrant === 'short_board',
    }))
    .sort((a, b) => Number(b.shortBoard) - Number(a.shortBoard) || b.importance - a.importance);
  const medPerf = d.medians.performance;
  return {
    points,
    unplaced: d.drivers.filter((x) => x.importance === null || x.performance === null),
    medians: {
      importance: d.medians.importance,
      performance: medPerf === null ? null : normalised ? medPerf : shared!.min + medPerf * (shared!.max - shared!.min),
    },
    yRange: normalised ? [0, 1] : [shared!.min, shared!.max],
    normalised,
  };
}

/** uPlot draws x in ascending order: the points sorted by importance, split into short boards
 * and the rest (one colour each), null where a point belongs to the other series. */
export function scatterSeries(points: readonly DriverPoint[]): { x: number[]; shortBoards: (number | null)[]; others: (number | null)[]; order: DriverPoint[] } {
  const order = [...points].sort((a, b) => a.importance - b.importance);
  return {
    x: order.map((p) => p.importance),
    shortBoards: order.map((p) => (p.shortBoard ? p.performance : null)),
    others: order.map((p) => (p.shortBoard ? null : p.performance)),
    order,
  };
}

export interface FunnelRow {
  questionId: string;
  reached: number;
  answered: number;
  skipped: number;
  dropped: number;
  /** Of the responses started: how many got to the question, and how many answered it. */
  reachedShare: number | null;
  answeredShare: number | null;
}

/** The drop-off funnel: every question in the script's order, against the responses started. */
export function funnelRows(summary: Pick<ResultsSummary, 'questions' | 'responses'>): FunnelRow[] {
  const started = summary.responses.started;
  const share = (x: number) => (started ? Math.min(1, x / started) : null);
  return summary.questions.map((q) => ({
    questionId: q.id,
    reached: q.dropOff.reached,
    answered: q.dropOff.answered,
    skipped: q.dropOff.skipped,
    dropped: q.dropOff.dropped,
    reachedShare: share(q.dropOff.reached),
    answeredShare: share(q.dropOff.answered),
  }));
}
