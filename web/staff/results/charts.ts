/**
 * The results page's three kinds of chart, drawn by uPlot (canvas): a trend line with the
 * answers per point as bars, bars per group, and the importance × performance scatter. Only this
 * module imports uPlot, and only the results chunk imports this module. The canvases are hidden
 * from screen readers: every chart has its numbers in a table beside it.
 */
import uPlot from 'uplot';

const ACCENT = '#3047c9';
const SOFT = '#9aa6e0';
const N_BARS = 'rgba(89, 98, 115, .22)';
const DANGER = '#b3261e';
const GRID = '#e4e8ef';
const AXIS_TEXT = '#596273';
const FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "PingFang SC", "Noto Sans CJK SC", sans-serif';

export interface Chart {
  destroy(): void;
}

/** A chart that follows its box's width (the page is read on laptops and phones). */
function mount(box: HTMLElement, height: number, make: (width: number) => uPlot): Chart {
  const width = () => Math.max(260, Math.floor(box.clientWidth || 0));
  const plot = make(width());
  const observer = new ResizeObserver(() => {
    const w = width();
    if (w !== plot.width) plot.setSize({ width: w, height });
  });
  observer.observe(box);
  return {
    destroy() {
      observer.disconnect();
      plot.destroy();
    },
  };
}

const axis = (extra: uPlot.Axis = {}): uPlot.Axis => ({ stroke: AXIS_TEXT, font: FONT, grid: { stroke: GRID, width: 1 }, ticks: { stroke: GRID, width: 1 }, ...extra });

/** x as 0..n-1 with a label per index: periods and groups, not a time scale (days are UTC). */
function categoryAxis(labels: readonly string[], space: number): uPlot.Axis {
  return axis({
    space,
    incrs: [1, 2, 3, 5, 7, 10, 14, 20, 30, 50, 100],
    values: (_u, splits) => splits.map((s) => (Number.isInteger(s) ? (labels[s] ?? '') : '')),
    grid: { show: false },
  });
}

const chartHeight = (box: HTMLElement) => (box.clientWidth && box.clientWidth < 480 ? 220 : 260);

export interface LineSpec {
  /** What x is (the legend's first entry): "Period". */
  xLabel: string;
  labels: string[];
  values: (number | null)[];
  n: number[];
  range: [number, number];
  valueText: (v: number | null) => string;
  /** The y axis's labels, when they differ from valueText (chartSeries.axisTickText). */
  tickText?: (v: number) => string;
  seriesLabel: string;
  nLabel: string;
}

/** A figure over time (left axis) over the answers per period (bars, right axis). */
export function lineChart(box: HTMLElement, spec: LineSpec): Chart {
  const height = chartHeight(box);
  const nTop = Math.max(1, ...spec.n) * 1.25;
  return mount(box, height, (width) =>
    new uPlot(
      {
        width,
        height,
        legend: { live: true },
        cursor: { points: { size: 7 } },
        scales: { x: { time: false, range: [-0.5, spec.labels.length - 0.5] }, y: { range: spec.range }, n: { range: [0, nTop] } },
        axes: [
          categoryAxis(spec.labels, 64),
          axis({ scale: 'y', values: (_u, splits) => splits.map((s) => (spec.tickText ?? spec.valueText)(s)), size: 52 }),
          axis({ scale: 'n', side: 1, grid: { show: false }, size: 40, values: (_u, splits) => splits.map((s) => (Number.isInteger(s) ? String(s) : '')) }),
        ],
        series: [
          { label: spec.xLabel, value: (_u, i) => spec.labels[i] ?? '' },
          { label: spec.nLabel, scale: 'n', fill: N_BARS, stroke: 'transparent', width: 0, paths: uPlot.paths.bars!({ size: [0.5, 40] }), points: { show: false }, value: (_u, v) => (v === null ? '' : String(v)) },
          { label: spec.seriesLabel, scale: 'y', stroke: ACCENT, width: 2.5, spanGaps: false, points: { show: true, size: 6, fill: ACCENT }, value: (_u, v) => spec.valueText(v) },
        ],
      },
      [spec.labels.map((_, i) => i), spec.n, spec.values],
      box,
    ),
  );
}

export interface BarSpec {
  xLabel: string;
  labels: string[];
  regular: (number | null)[];
  small: (number | null)[];
  range: [number, number];
  valueText: (v: number | null) => string;
  tickText?: (v: number) => string;
  seriesLabel: string;
  smallLabel: string;
}

/** One bar per group; small groups in a paler colour, named in the legend. */
export function barChart(box: HTMLElement, spec: BarSpec): Chart {
  const height = chartHeight(box);
  const short = spec.labels.map((l) => (l.length > 14 ? `${l.slice(0, 13)}…` : l));
  const bars = uPlot.paths.bars!({ size: [0.6, 64] });
  return mount(box, height, (width) =>
    new uPlot(
      {
        width,
        height,
        legend: { live: true },
        cursor: { points: { show: false } },
        scales: { x: { time: false, range: [-0.5, spec.labels.length - 0.5] }, y: { range: spec.range } },
        axes: [categoryAxis(short, 70), axis({ values: (_u, splits) => splits.map((s) => (spec.tickText ?? spec.valueText)(s)), size: 52 })],
        series: [
          { label: spec.xLabel, value: (_u, i) => spec.labels[i] ?? '' },
          { label: spec.seriesLabel, fill: ACCENT, stroke: ACCENT, width: 0, paths: bars, points: { show: false }, value: (_u, v) => spec.valueText(v) },
          { label: spec.smallLabel, fill: SOFT, stroke: SOFT, width: 0, paths: bars, points: { show: false }, value: (_u, v) => spec.valueText(v) },
        ],
      },
      [spec.labels.map((_, i) => i), spec.regular, spec.small],
      box,
    ),
  );
}

export interface ScatterSpec {
  /** Importance, ascending. */
  x: number[];
  shortBoards: (number | null)[];
  others: (number | null)[];
  /** The aspect's name at each x. */
  names: string[];
  medians: { importance: number | null; performance: number | null };
  yRange: [number, number];
  /** The legend's first entry (the aspect under the cursor). */
  pointLabel: string;
  xLabel: string;
  yLabel: string;
  shortLabel: string;
  otherLabel: string;
  yText: (v: number | null) => string;
}

/** Importance (x) × performance (y), the medians as dashed lines, each point named. */
export function scatterChart(box: HTMLElement, spec: ScatterSpec): Chart {
  const height = Math.max(chartHeight(box), 280);
  const lo = Math.max(-1, Math.min(0, ...spec.x, spec.medians.importance ?? 0) - 0.1);
  const hi = Math.min(1, Math.max(...spec.x, spec.medians.importance ?? 0) + 0.1);
  const draw = (u: uPlot) => {
    const ctx = u.ctx;
    const px = uPlot.pxRatio;
    ctx.save();
    ctx.beginPath();
    ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
    ctx.clip();
    ctx.setLineDash([5 * px, 4 * px]);
    ctx.strokeStyle = AXIS_TEXT;
    ctx.lineWidth = px;
    if (spec.medians.importance !== null) {
      const x = u.valToPos(spec.medians.importance, 'x', true);
      ctx.beginPath();
      ctx.moveTo(x, u.bbox.top);
      ctx.lineTo(x, u.bbox.top + u.bbox.height);
      ctx.stroke();
    }
    if (spec.medians.performance !== null) {
      const y = u.valToPos(spec.medians.performance, 'y', true);
      ctx.beginPath();
      ctx.moveTo(u.bbox.left, y);
      ctx.lineTo(u.bbox.left + u.bbox.width, y);
      ctx.stroke();
    }
    ctx.setLineDash([]);
    ctx.font = FONT.replace('12px', `${Math.round(12 * px)}px`);
    ctx.textBaseline = 'middle';
    spec.x.forEach((xv, i) => {
      const yv = spec.shortBoards[i] ?? spec.others[i];
      if (yv === null || yv === undefined) return;
      const cx = u.valToPos(xv, 'x', true);
      const cy = u.valToPos(yv, 'y', true);
      const name = spec.names[i] ?? '';
      const right = cx + 8 * px + ctx.measureText(name).width < u.bbox.left + u.bbox.width;
      ctx.textAlign = right ? 'left' : 'right';
      ctx.fillStyle = spec.shortBoards[i] !== null ? DANGER : '#1c2230';
      ctx.fillText(name, cx + (right ? 8 : -8) * px, cy);
    });
    ctx.restore();
  };
  const point = (color: string): uPlot.Series => ({ stroke: color, fill: color, width: 0, paths: () => null, points: { show: true, size: 11, fill: color, stroke: '#fff', width: 1.5 }, value: (_u, v) => spec.yText(v) });
  return mount(box, height, (width) =>
    new uPlot(
      {
        width,
        height,
        legend: { live: true },
        cursor: { points: { show: false } },
        scales: { x: { time: false, range: [lo, hi] }, y: { range: spec.yRange } },
        axes: [
          axis({ label: spec.xLabel, labelSize: 22, labelFont: FONT, values: (_u, splits) => splits.map((s) => String(Math.round(s * 100) / 100)) }),
          axis({ label: spec.yLabel, labelSize: 22, labelFont: FONT, size: 48, values: (_u, splits) => splits.map((s) => spec.yText(s)) }),
        ],
        series: [
          { label: spec.pointLabel, value: (_u, v) => (v === null ? '' : `${spec.names[spec.x.indexOf(v)] ?? ''} (r = ${v.toFixed(2)})`) },
          { ...point(DANGER), label: spec.shortLabel },
          { ...point(ACCENT), label: spec.otherLabel },
        ],
        hooks: { draw: [draw] },
      },
      [spec.x, spec.shortBoards, spec.others],
      box,
    ),
  );
}
