/**
 * Results (/staff/results; viewers, agents and admins): one survey's figures for a range of days
 * and, optionally, one segment value: the headline cards, the trend, a breakdown by any segment,
 * the drop-off per question, the drivers (importance × performance), the themes of open answers,
 * the closed loop, and the responses themselves with CSV and XLSX exports. What is shown lives
 * in the URL fragment (results/resultsView.ts), so a view can be shared as a link.
 *
 * This module and its charts are a chunk of their own (main.ts loads it with import()), so the
 * cases page never downloads them. Quotes and answers are customer text: text nodes only.
 */
import type { QuestionSummary, ResultsBreakdown, ResultsDrivers, ResultsLoop, ResultsSummary, ResultsThemes, ResultsTrend, SentimentLabel, TrendInterval } from '../../../src/core/api/results.js';
import { h, replaceChildren, show } from '../../shared/dom.js';
import { ApiError, errorText, type SurveyResponse } from '../api.js';
import { absoluteTime, duration, humanize, str, surveyTitle, textOf, truncate } from '../format.js';
import { attr, intlLocale, language, onLanguage, t, text } from '../lang.js';
import type { StaffContext, StaffPage } from '../page.js';
import { button, on, say, setBusy } from '../ui.js';
import { axisTickText, breakdownBars, breakdownRows, driverChart, funnelRows, METRIC_KIND, metricRange, metricsOf, scatterSeries, trendSeries, type Metric } from './chartSeries.js';
import { barChart, lineChart, scatterChart, type Chart } from './charts.js';
import { formatChange, formatCount, formatDay, formatFigure, formatMargin, formatMean, formatPeriod, formatShare, headlineCards, NONE, type ChangeText, type HeadlineCard } from './resultsFormat.js';
import { customRange, dayOf, daysBetween, defaultView, INTERVALS, intervalFor, parseView, presetRange, RANGE_PRESETS, responsesParams, scopeParams, viewHash, type RangePreset, type ResultsView } from './resultsView.js';

const PAGE_SIZE = 50;
const RECENT_KEY = 'satisfy:staff:results:recent';
const SENTIMENTS: readonly SentimentLabel[] = ['negative', 'neutral', 'positive'];
const authGone = (err: unknown) => err instanceof ApiError && (err.status === 401 || err.status === 403);

interface Loaded {
  summary: ResultsSummary;
  trend: ResultsTrend | null;
  breakdown: ResultsBreakdown | null;
  drivers: ResultsDrivers | null;
  themes: ResultsThemes | null;
  loop: ResultsLoop | null;
}

export function createResultsPage(ctx: StaffContext): StaffPage {
  const loc = () => intlLocale();
  const today = () => dayOf(Date.now());

  // ---------------------------------------------------------------- filters
  const surveyInput = attr(
    h('input', { id: 'results-survey', type: 'text', list: 'results-surveys', maxlength: '64', autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false', 'data-testid': 'results-survey' }),
    'placeholder',
    'results.survey.placeholder',
  );
  const surveyList = h('datalist', { id: 'results-surveys' });
  const rangeSelect = h(
    'select',
    { id: 'results-range', 'data-testid': 'results-range' },
    ...RANGE_PRESETS.map((p) => h('option', { value: p }, text('results.range.last', { days: Number(p) }))),
    h('option', { value: 'custom' }, text('results.range.custom')),
  );
  const fromInput = h('input', { id: 'results-from', type: 'date', 'data-testid': 'results-from' });
  const toInput = h('input', { id: 'results-to', type: 'date', 'data-testid': 'results-to' });
  const applyRange = h('button', { type: 'submit', class: 'btn', 'data-testid': 'results-apply' }, text('results.range.apply'));
  const customBox = h(
    'div',
    { class: 'results-custom', hidden: true },
    h('div', { class: 'field' }, h('label', { for: 'results-from' }, text('results.range.from')), fromInput),
    h('div', { class: 'field' }, h('label', { for: 'results-to' }, text('results.range.to')), toInput),
    applyRange,
  );
  const segmentSelect = h('select', { id: 'results-segment', 'data-testid': 'results-segment' });
  const filterError = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const filters = h(
    'form',
    { class: 'panel results-filters', novalidate: true, 'aria-label': '' },
    h('div', { class: 'field results-survey-field' }, h('label', { for: 'results-survey' }, text('results.survey')), surveyInput, surveyList),
    h('div', { class: 'field' }, h('label', { for: 'results-range' }, text('results.range')), rangeSelect),
    customBox,
    h('div', { class: 'field' }, h('label', { for: 'results-segment' }, text('results.segment')), segmentSelect),
    filterError,
  );
  attr(filters, 'aria-label', 'results.filters');

  const title = h('h2', { id: 'results-title', class: 'survey-title', tabindex: '-1' }, text('results.title'));
  const scopeLine = h('p', { class: 'muted meta', 'data-testid': 'results-scope', 'aria-live': 'polite' });
  const banner = h('p', { class: 'banner', role: 'alert', hidden: true, 'data-testid': 'results-error' });
  const loading = h('p', { class: 'muted small', role: 'status', hidden: true }, text('results.loading'));
  const intro = h('p', { class: 'empty', 'data-testid': 'results-intro' }, text('results.choose'));

  // ---------------------------------------------------------------- headline cards
  const cards = attr(h('ul', { class: 'results-cards', 'data-testid': 'results-cards' }), 'aria-label', 'results.headline');

  // ---------------------------------------------------------------- trend
  const trendMetric = h('select', { id: 'trend-metric', 'data-testid': 'results-trend-metric' });
  const intervalSelect = h('select', { id: 'trend-interval', 'data-testid': 'results-interval' }, ...INTERVALS.map((i) => h('option', { value: i }, text(`results.interval.${i}`))));
  const trendChart = h('div', { class: 'chart', 'aria-hidden': 'true', 'data-testid': 'results-trend-chart' });
  const trendTable = h('table', { class: 'data', 'data-testid': 'results-trend-table' });
  const trendPanel = panel(
    'trend',
    'results.trend.title',
    [h('div', { class: 'field inline' }, h('label', { for: 'trend-metric' }, text('results.metric')), trendMetric), h('div', { class: 'field inline' }, h('label', { for: 'trend-interval' }, text('results.interval')), intervalSelect)],
    h('figure', { class: 'chart-figure' }, trendChart, h('figcaption', { class: 'muted small' }, text('results.trend.caption'))),
    h('details', { class: 'as-table' }, h('summary', null, text('results.asTable')), h('div', { class: 'table-wrap' }, trendTable)),
  );

  // ---------------------------------------------------------------- breakdown
  const bySelect = h('select', { id: 'breakdown-by', 'data-testid': 'results-by' });
  const breakdownMetric = h('select', { id: 'breakdown-metric', 'data-testid': 'results-breakdown-metric' });
  const breakdownChart = h('div', { class: 'chart', 'aria-hidden': 'true', 'data-testid': 'results-breakdown-chart' });
  const breakdownTable = h('table', { class: 'data breakdown-table', 'data-testid': 'results-breakdown-table' });
  const breakdownNote = h('p', { class: 'muted small' });
  const byFiltered = h('p', { class: 'muted small', hidden: true }, text('results.breakdown.filtered'));
  const breakdownPanel = panel(
    'breakdown',
    'results.breakdown.title',
    [h('div', { class: 'field inline' }, h('label', { for: 'breakdown-by' }, text('results.breakdown.by')), bySelect), h('div', { class: 'field inline' }, h('label', { for: 'breakdown-metric' }, text('results.metric')), breakdownMetric)],
    byFiltered,
    h('figure', { class: 'chart-figure' }, breakdownChart),
    breakdownNote,
    h('div', { class: 'table-wrap' }, breakdownTable),
  );

  // ---------------------------------------------------------------- funnel
  const funnelTable = h('table', { class: 'data funnel', 'data-testid': 'results-funnel' });
  const funnelPanel = panel('funnel', 'results.funnel.title', [], h('p', { class: 'muted small' }, text('results.funnel.caption')), h('div', { class: 'table-wrap' }, funnelTable));

  // ---------------------------------------------------------------- drivers
  const driversChart = h('div', { class: 'chart', 'aria-hidden': 'true', 'data-testid': 'results-drivers-chart' });
  const driversNote = h('p', { class: 'muted small' });
  const driversTable = h('table', { class: 'data', 'data-testid': 'results-drivers' });
  const driversPanel = panel('drivers', 'results.drivers.title', [], driversNote, h('figure', { class: 'chart-figure' }, driversChart), h('div', { class: 'table-wrap' }, driversTable));

  // ---------------------------------------------------------------- themes
  const themesBox = h('div', { class: 'themes', 'data-testid': 'results-themes' });
  const themesPanel = panel('themes', 'results.themes.title', [], themesBox);

  // ---------------------------------------------------------------- loop
  const loopFacts = h('dl', { class: 'facts loop-facts', 'data-testid': 'results-loop' });
  const loopRules = h('table', { class: 'data', 'data-testid': 'results-loop-rules' });
  const loopPanel = panel('loop', 'results.loop.title', [], loopFacts, h('h4', null, text('results.loop.byRule')), h('div', { class: 'table-wrap' }, loopRules));

  // ---------------------------------------------------------------- responses
  const exportCsv = button({ class: 'btn btn-quiet', 'data-testid': 'results-export-csv' }, () => void download('csv', exportCsv), text('results.export.csv'));
  const exportXlsx = button({ class: 'btn btn-quiet', 'data-testid': 'results-export-xlsx' }, () => void download('xlsx', exportXlsx), text('results.export.xlsx'));
  const responsesTable = h('table', { class: 'data responses', 'data-testid': 'results-responses' });
  const responsesCount = h('p', { class: 'muted small', 'aria-live': 'polite', 'data-testid': 'results-responses-count' });
  const moreBtn = button({ class: 'btn', 'data-testid': 'results-more', hidden: true }, () => void loadResponses(false), text('results.responses.more'));
  const responsesError = h('p', { class: 'banner', role: 'alert', hidden: true });
  const responsesPanel = panel('responses', 'results.responses.title', [exportCsv, exportXlsx], responsesError, h('div', { class: 'table-wrap responses-wrap' }, responsesTable), h('div', { class: 'row-actions' }, moreBtn, responsesCount));

  const body = h('div', { class: 'results-body', hidden: true }, cards, trendPanel, breakdownPanel, h('div', { class: 'results-pair' }, funnelPanel, driversPanel), themesPanel, loopPanel, responsesPanel);
  const el = h(
    'div',
    { class: 'page page-results', hidden: true, 'data-page': 'results' },
    h('div', { class: 'results-ws' }, h('div', { class: 'survey-head' }, title, scopeLine), filters, banner, loading, intro, body),
  );

  // ---------------------------------------------------------------- state
  let view: ResultsView = defaultView(today());
  let data: Loaded | null = null;
  let loadSeq = 0;
  let trendSeq = 0;
  let breakdownSeq = 0;
  let responsesSeq = 0;
  let responses: SurveyResponse[] = [];
  let cursor: string | null = null;
  let charts: Partial<Record<'trend' | 'breakdown' | 'drivers', Chart>> = {};
  let metricTrend: Metric = 'csat';
  let metricBreakdown: Metric = 'csat';
  let visible = false;
  let surveysLoaded = false;

  function panel(id: string, titleKey: string, tools: Node[], ...children: Node[]): HTMLElement {
    return h(
      'section',
      { class: 'panel results-panel', 'aria-labelledby': `h-results-${id}`, 'data-testid': `results-panel-${id}` },
      h('div', { class: 'panel-head' }, h('h3', { id: `h-results-${id}` }, text(titleKey)), tools.length ? h('div', { class: 'panel-tools' }, ...tools) : null),
      ...children,
    );
  }

  const setHash = () => {
    const want = viewHash(view);
    if (location.hash !== want) history.replaceState(null, '', location.pathname + location.search + want);
  };

  // ---------------------------------------------------------------- filters → view
  function renderFilters(): void {
    surveyInput.value = view.survey;
    rangeSelect.value = view.range;
    fromInput.value = view.from;
    toInput.value = view.to;
    fromInput.max = toInput.max = today();
    show(customBox, view.range === 'custom');
    intervalSelect.value = view.interval;
    renderSegmentOptions();
  }

  function renderSegmentOptions(): void {
    const segments = data?.summary.segments ?? [];
    const options: Node[] = [h('option', { value: '' }, t('results.segment.all'))];
    for (const s of segments) {
      options.push(h('optgroup', { label: segmentName(s.name) }, ...s.values.map((v) => h('option', { value: `${s.name}\u0000${v}` }, `${segmentName(s.name)}: ${v}`))));
    }
    // A shared link's segment shows even before (or without) the summary's list.
    if (view.segment && !segments.some((s) => s.name === view.segment!.name && s.values.includes(view.segment!.value))) {
      options.push(h('option', { value: `${view.segment.name}\u0000${view.segment.value}` }, `${segmentName(view.segment.name)}: ${view.segment.value}`));
    }
    replaceChildren(segmentSelect, ...options);
    segmentSelect.value = view.segment ? `${view.segment.name}\u0000${view.segment.value}` : '';
  }

  function segmentName(name: string): string {
    return ['channel', 'locale', 'version'].includes(name) ? t(`results.segment.${name}`) : name;
  }

  function change(next: Partial<ResultsView>): void {
    view = { ...view, ...next };
    say(filterError, '');
    setHash();
    renderFilters();
    void load();
  }

  on(surveyInput, 'change', () => {
    const id = surveyInput.value.trim();
    if (id && id !== view.survey) change({ survey: id, segment: null, by: '' });
  });
  on(rangeSelect, 'change', () => {
    const r = rangeSelect.value as RangePreset;
    if (r === 'custom') {
      show(customBox, true);
      fromInput.focus();
      return;
    }
    change({ range: r, ...presetRange(r, today()), interval: intervalFor(Number(r)) });
  });
  on(filters, 'submit', (e) => {
    e.preventDefault();
    if (rangeSelect.value !== 'custom') return;
    const r = customRange(fromInput.value, toInput.value);
    if ('error' in r) return say(filterError, t(r.error));
    change({ range: 'custom', ...r, interval: intervalFor(daysBetween(r.from, r.to)) });
  });
  on(segmentSelect, 'change', () => {
    const [name, value] = segmentSelect.value.split('\u0000');
    change({ segment: name && value ? { name, value } : null });
  });
  on(intervalSelect, 'change', () => {
    view = { ...view, interval: intervalSelect.value as TrendInterval };
    setHash();
    void reloadTrend();
  });
  on(bySelect, 'change', () => {
    view = { ...view, by: bySelect.value };
    setHash();
    void reloadBreakdown();
  });
  on(trendMetric, 'change', () => {
    metricTrend = trendMetric.value as Metric;
    renderTrend();
  });
  on(breakdownMetric, 'change', () => {
    metricBreakdown = breakdownMetric.value as Metric;
    renderBreakdown();
  });

  // ---------------------------------------------------------------- surveys to choose from
  function recent(): string[] {
    try {
      const v = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]') as unknown;
      return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, 10) : [];
    } catch {
      return [];
    }
  }

  function remember(id: string): void {
    try {
      localStorage.setItem(RECENT_KEY, JSON.stringify([id, ...recent().filter((x) => x !== id)].slice(0, 10)));
    } catch {
      /* not remembered */
    }
  }

  /** Admins have the survey list; others get the surveys they opened before (the results API
   * has no list of surveys for viewers and agents). */
  async function loadSurveyChoices(): Promise<void> {
    const ids = new Map<string, string>(recent().map((id) => [id, id]));
    if (ctx.session()?.user.role === 'admin' && !surveysLoaded) {
      try {
        const list = await ctx.api.surveys();
        surveysLoaded = true;
        for (const s of list.surveys ?? []) if (s.publishedVersion !== null) ids.set(s.id, surveyTitle(s, language()));
      } catch {
        /* the typed id still works */
      }
    }
    replaceChildren(surveyList, ...[...ids].map(([id, label]) => h('option', { value: id }, label)));
    if (!view.survey && ids.size) {
      const first = recent()[0] ?? [...ids.keys()][0]!;
      change({ survey: first });
    }
  }

  // ---------------------------------------------------------------- loading
  async function load(): Promise<void> {
    destroyCharts();
    if (!view.survey || !ctx.session()) {
      data = null;
      show(body, false);
      show(intro, true);
      renderScope();
      return;
    }
    const seq = ++loadSeq;
    const v = view;
    const q = scopeParams(v);
    const api = ctx.api;
    show(intro, false);
    show(loading, true);
    say(banner, '');
    ctx.setTitle(`${t('results.title')} · ${v.survey}`);
    const optional = <T>(p: Promise<T>): Promise<T | null> => p.catch((err: unknown) => (authGone(err) ? Promise.reject(err) : null));
    try {
      const trendQ = new URLSearchParams(q);
      trendQ.set('interval', v.interval);
      const [summary, trend, drivers, themes, loop] = await Promise.all([
        api.results(v.survey, 'summary', q),
        optional(api.results(v.survey, 'trend', trendQ)),
        optional(api.results(v.survey, 'drivers', q)),
        optional(api.results(v.survey, 'themes', q)),
        optional(api.results(v.survey, 'loop', q)),
      ]);
      if (seq !== loadSeq) return;
      data = { summary, trend, breakdown: null, drivers, themes, loop };
      remember(v.survey);
      const metrics = metricsOf(summary.headline);
      if (!metrics.includes(metricTrend)) metricTrend = metrics[0]!;
      if (!metrics.includes(metricBreakdown)) metricBreakdown = metrics[0]!;
      show(loading, false);
      show(body, true);
      renderAll();
      void reloadBreakdown();
      void loadResponses(true);
    } catch (err) {
      if (seq !== loadSeq) return;
      show(loading, false);
      data = null;
      show(body, false);
      renderScope();
      if (!ctx.session() || authGone(err)) return;
      say(banner, err instanceof ApiError && err.code === 'SURVEY_NOT_FOUND' ? t('results.noSurvey', { id: v.survey }) : t('results.loadError', { error: errorText(err, t) }));
    }
  }

  async function reloadTrend(): Promise<void> {
    if (!data) return;
    const seq = ++trendSeq;
    const q = scopeParams(view);
    q.set('interval', view.interval);
    try {
      const trend = await ctx.api.results(view.survey, 'trend', q);
      if (seq !== trendSeq || !data) return;
      data.trend = trend;
      renderTrend();
    } catch (err) {
      if (seq === trendSeq && !authGone(err)) say(banner, t('results.loadError', { error: errorText(err, t) }));
    }
  }

  async function reloadBreakdown(): Promise<void> {
    if (!data) return;
    // The API filters and breaks down by one segment at a time: with a filter, the breakdown is
    // by that segment (its other values are filtered out, so it shows the chosen one).
    const names = view.segment ? [view.segment.name] : data.summary.segments.map((s) => s.name);
    // The script's own segments first: channel, locale and version are there for every survey.
    const own = names.filter((n) => !['channel', 'locale', 'version'].includes(n));
    const by = view.by && names.includes(view.by) ? view.by : (own[0] ?? names[0] ?? '');
    show(byFiltered, !!view.segment);
    replaceChildren(bySelect, ...names.map((n) => h('option', { value: n }, segmentName(n))));
    bySelect.value = by;
    if (!by) {
      data.breakdown = null;
      return renderBreakdown();
    }
    const seq = ++breakdownSeq;
    const q = scopeParams(view);
    q.set('by', by);
    try {
      const breakdown = await ctx.api.results(view.survey, 'breakdown', q);
      if (seq !== breakdownSeq || !data) return;
      data.breakdown = breakdown;
      renderBreakdown();
    } catch (err) {
      if (seq === breakdownSeq && !authGone(err)) say(banner, t('results.loadError', { error: errorText(err, t) }));
    }
  }

  async function loadResponses(first: boolean): Promise<void> {
    if (!data) return;
    const seq = ++responsesSeq;
    if (first) {
      responses = [];
      cursor = null;
      renderResponses();
    }
    setBusy(moreBtn, true);
    try {
      const page = await ctx.api.responses(responsesParams(view, { limit: PAGE_SIZE, cursor }));
      if (seq !== responsesSeq) return;
      responses = responses.concat(page.responses ?? []);
      cursor = page.next ?? null;
      say(responsesError, '');
      renderResponses();
    } catch (err) {
      if (seq !== responsesSeq || authGone(err)) return;
      say(responsesError, t('results.loadError', { error: errorText(err, t) }));
    } finally {
      setBusy(moreBtn, false);
    }
  }

  /** The export through the API with the session's token (a plain link could not send it). */
  async function download(format: 'csv' | 'xlsx', btn: HTMLButtonElement): Promise<void> {
    if (!view.survey) return;
    setBusy(btn, true);
    try {
      const res = await ctx.api.exportResponses(responsesParams(view, { format }));
      const blob = await res.blob();
      const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `${view.survey}-responses.${format}`;
      const url = URL.createObjectURL(blob);
      const a = h('a', { href: url, download: name, class: 'visually-hidden' });
      document.body.append(a);
      a.click();
      a.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
      ctx.toast(t('results.export.done', { name }));
    } catch (err) {
      if (!authGone(err)) say(responsesError, t('results.export.failed', { error: errorText(err, t) }));
    } finally {
      setBusy(btn, false);
    }
  }

  // ---------------------------------------------------------------- drawing
  function destroyCharts(): void {
    for (const c of Object.values(charts)) c?.destroy();
    charts = {};
  }

  function renderAll(): void {
    renderFilters();
    renderScope();
    renderCards();
    renderMetricOptions();
    renderTrend();
    renderBreakdown();
    renderFunnel();
    renderDrivers();
    renderThemes();
    renderLoop();
    renderResponses();
  }

  function renderScope(): void {
    if (!data) {
      scopeLine.textContent = '';
      title.textContent = t('results.title');
      return;
    }
    const s = data.summary;
    title.textContent = `${t('results.title')}: ${s.surveyId}`;
    const prev = data.trend?.comparison.previous;
    const parts = [t('results.scope.range', { from: formatDay(s.from, loc(), true), to: formatDay(s.to, loc(), true) })];
    if (prev) parts.push(t('results.scope.previous', { from: formatDay(prev.from, loc(), true), to: formatDay(prev.to, loc(), true) }));
    parts.push(s.segment ? t('results.scope.segment', { name: segmentName(s.segment.name), value: s.segment.values.join(', ') }) : t('results.scope.all'));
    scopeLine.textContent = parts.join(' · ');
  }

  function changeEl(c: ChangeText | null): HTMLElement {
    if (!c) return h('span', { class: 'change none', 'data-change': 'none', title: t('results.change.noneTitle') }, t('results.change.none'));
    const unit = t(`results.unit.${c.unit}`);
    return h(
      'span',
      { class: `change ${c.direction}${c.significant ? ' significant' : ''}`, 'data-change': c.direction, 'data-significant': String(c.significant) },
      h('span', { 'aria-hidden': 'true' }, c.direction === 'up' ? '▲ ' : c.direction === 'down' ? '▼ ' : '■ '),
      `${c.delta} ${unit}`,
      c.significant ? h('span', { class: 'sig', title: t('results.change.significantTitle') }, ` ${t('results.change.significant')}`) : null,
    );
  }

  function renderCards(): void {
    if (!data) return replaceChildren(cards);
    replaceChildren(cards, ...headlineCards(data.summary, data.trend, loc()).map(cardEl));
  }

  function cardEl(c: HeadlineCard): HTMLElement {
    const name = t(`results.card.${c.id}`);
    if (!c.available) {
      return h('li', { class: 'card result-card missing', 'data-testid': `results-card-${c.id}` }, h('h3', null, name), h('p', { class: 'muted small' }, t(`results.card.${c.id}.missing`)));
    }
    const r = data!.summary.responses;
    return h(
      'li',
      { class: 'card result-card', 'data-testid': `results-card-${c.id}`, 'data-value': c.raw === null ? '' : String(c.raw), 'data-n': String(c.n) },
      h('h3', null, name),
      h('p', { class: 'figure' }, h('span', { class: 'figure-value', 'data-testid': 'results-card-value' }, c.value), c.margin ? h('span', { class: 'margin' }, ` ${c.margin}`) : null),
      h('p', { class: 'muted small', 'data-testid': 'results-card-n' }, c.id === 'responses' ? t('results.card.responses.detail', { completed: r.completed, abandoned: r.abandoned, optedOut: r.optedOut }) : t('results.card.n', { count: c.n })),
      h('p', { class: 'small card-change' }, changeEl(c.change)),
      h('p', { class: 'muted small' }, t('results.card.before', { value: c.before, count: c.nBefore })),
    );
  }

  function metricOptions(select: HTMLSelectElement, current: Metric): void {
    if (!data) return;
    replaceChildren(select, ...metricsOf(data.summary.headline).map((m) => h('option', { value: m }, t(`results.card.${m}`))));
    select.value = current;
  }

  function renderMetricOptions(): void {
    metricOptions(trendMetric, metricTrend);
    metricOptions(breakdownMetric, metricBreakdown);
  }

  const valueText = (m: Metric) => (v: number | null) => (v === null ? NONE : m === 'csat' || m === 'completion' ? formatShare(v / 100, loc()) : formatFigure(METRIC_KIND[m], v, loc()));
  const cesScale = () => data?.summary.questions.find((q) => q.id === data?.summary.headline.ces)?.scale;

  function renderTrend(): void {
    charts.trend?.destroy();
    delete charts.trend;
    const trend = data?.trend;
    if (!trend) {
      replaceChildren(trendTable);
      return;
    }
    const m = metricTrend;
    const s = trendSeries(trend, m);
    const labels = s.periods.map((p) => formatPeriod(p, trend.interval, loc()));
    const vt = valueText(m);
    if (visible) charts.trend = lineChart(trendChart, { xLabel: t('results.period'), labels, values: s.values, n: s.n, range: metricRange(m, s.values, cesScale()), valueText: vt, tickText: (v) => axisTickText(m, v, vt), seriesLabel: t(`results.card.${m}`), nLabel: t('results.n') });
    replaceChildren(
      trendTable,
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('results.period')), h('th', { scope: 'col' }, t(`results.card.${m}`)), h('th', { scope: 'col' }, t('results.n')), h('th', { scope: 'col' }, t('results.started')))),
      h('tbody', null, ...s.periods.map((p, i) => h('tr', null, h('th', { scope: 'row' }, labels[i]!), h('td', null, vt(s.values[i] ?? null)), h('td', null, formatCount(s.n[i], loc())), h('td', null, formatCount(s.started[i], loc()))))),
    );
  }

  function renderBreakdown(): void {
    charts.breakdown?.destroy();
    delete charts.breakdown;
    const b = data?.breakdown;
    if (!b) {
      replaceChildren(breakdownTable);
      breakdownNote.textContent = data && !data.summary.segments.length ? t('results.breakdown.none') : '';
      return;
    }
    const m = metricBreakdown;
    const rows = breakdownRows(b, m);
    const labels = rows.map((r) => r.value ?? t('results.notGiven'));
    const vt = valueText(m);
    const bars = breakdownBars(rows);
    if (visible) charts.breakdown = barChart(breakdownChart, { xLabel: segmentName(b.by), labels, ...bars, range: metricRange(m, rows.map((r) => r.figure.value), cesScale()), valueText: vt, tickText: (v) => axisTickText(m, v, vt), seriesLabel: t(`results.card.${m}`), smallLabel: t('results.small', { min: b.smallGroup }) });
    breakdownNote.textContent = t('results.breakdown.note', { min: b.smallGroup });
    const metrics = metricsOf(b.headline);
    const fig = (row: (typeof rows)[number], mm: Metric) => {
      const g = row.group;
      if (mm === 'csat') return g.csat && g.csat.n ? `${formatShare(g.csat.satisfiedShare, loc())} ${formatMargin('share', g.csat.marginOfError, loc())} (n ${g.csat.n})` : NONE;
      if (mm === 'nps') return g.nps && g.nps.n ? `${formatNps(g.nps.score)} ${formatMargin('nps', g.nps.marginOfError, loc())} (n ${g.nps.n})` : NONE;
      if (mm === 'ces') return g.ces && g.ces.n ? `${formatMean(g.ces.mean, loc())} ${formatMargin('mean', g.ces.marginOfError, loc())} (n ${g.ces.n})` : NONE;
      if (mm === 'responses') return formatCount(g.responses.started, loc());
      return g.responses.started ? formatShare(Math.min(g.responses.completed, g.responses.started) / g.responses.started, loc()) : NONE;
    };
    replaceChildren(
      breakdownTable,
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, segmentName(b.by)), ...metrics.map((mm) => h('th', { scope: 'col' }, t(`results.card.${mm}`))))),
      h(
        'tbody',
        null,
        ...rows.map((r, i) =>
          h(
            'tr',
            { class: r.small ? 'small-group' : '', 'data-group': r.value ?? '', 'data-small': String(r.small) },
            h('th', { scope: 'row' }, labels[i]!, r.small ? h('span', { class: 'badge b-small', title: t('results.small', { min: b.smallGroup }) }, ` ${t('results.smallBadge')}`) : null),
            ...metrics.map((mm) => h('td', null, fig(r, mm))),
          ),
        ),
      ),
    );
  }

  const formatNps = (v: number) => formatFigure('nps', v, loc());

  function questionText(q: Pick<QuestionSummary, 'id' | 'text'>): string {
    return textOf(q.text, loc()) || q.id;
  }

  function renderFunnel(): void {
    if (!data) return replaceChildren(funnelTable);
    const rows = funnelRows(data.summary);
    const questions = new Map(data.summary.questions.map((q) => [q.id, q]));
    const bar = (share: number | null) => {
      const fill = h('span', { class: 'bar-fill' });
      fill.style.width = `${Math.round((share ?? 0) * 100)}%`;
      return h('span', { class: 'bar', 'aria-hidden': 'true' }, fill);
    };
    replaceChildren(
      funnelTable,
      h('thead', null, h('tr', null, ...['results.funnel.question', 'results.funnel.reached', 'results.funnel.answered', 'results.funnel.skipped', 'results.funnel.dropped'].map((k) => h('th', { scope: 'col' }, t(k))))),
      h(
        'tbody',
        null,
        ...rows.map((r) =>
          h(
            'tr',
            { 'data-question': r.questionId },
            h('th', { scope: 'row' }, h('span', { class: 'chip' }, r.questionId), ' ', truncate(questionText(questions.get(r.questionId)!), 80)),
            h('td', null, h('span', { class: 'num' }, `${formatCount(r.reached, loc())} (${formatShare(r.reachedShare, loc())})`), bar(r.reachedShare)),
            h('td', null, h('span', { class: 'num' }, `${formatCount(r.answered, loc())} (${formatShare(r.answeredShare, loc())})`), bar(r.answeredShare)),
            h('td', null, formatCount(r.skipped, loc())),
            h('td', { class: r.dropped ? 'dropped' : '' }, formatCount(r.dropped, loc())),
          ),
        ),
      ),
    );
  }

  function renderDrivers(): void {
    charts.drivers?.destroy();
    delete charts.drivers;
    const d = data?.drivers;
    if (!d || !d.outcome || !d.drivers.length) {
      driversNote.textContent = t('results.drivers.none');
      replaceChildren(driversTable);
      show(driversChart, false);
      return;
    }
    const c = driverChart(d);
    const outcome = data!.summary.questions.find((q) => q.id === d.outcome!.questionId);
    driversNote.textContent = t('results.drivers.caption', { outcome: outcome ? questionText(outcome) : d.outcome.questionId });
    const yText = (v: number | null) => (v === null ? NONE : c.normalised ? formatShare(v, loc()) : formatMean(v, loc()).replace(/0$/, ''));
    show(driversChart, c.points.length > 0);
    if (visible && c.points.length) {
      const s = scatterSeries(c.points);
      charts.drivers = scatterChart(driversChart, {
        x: s.x,
        shortBoards: s.shortBoards,
        others: s.others,
        names: s.order.map((p) => humanize(p.aspect)),
        medians: c.medians,
        yRange: c.yRange,
        pointLabel: t('results.drivers.aspect'),
        xLabel: t('results.drivers.importance'),
        yLabel: t('results.drivers.performance'),
        shortLabel: t('results.quadrant.short_board'),
        otherLabel: t('results.drivers.others'),
        yText,
      });
    }
    const rows = [...c.points.map((p) => ({ aspect: p.aspect, id: p.questionId, imp: p.importance.toFixed(2), perf: yText(p.performance), quadrant: p.quadrant, n: p.n, pairs: p.pairs, short: p.shortBoard })), ...c.unplaced.map((u) => ({ aspect: u.aspect, id: u.questionId, imp: u.importance === null ? NONE : u.importance.toFixed(2), perf: u.performance === null ? NONE : formatMean(u.performance, loc()), quadrant: null, n: u.n, pairs: u.pairs, short: false }))];
    replaceChildren(
      driversTable,
      h('thead', null, h('tr', null, ...['results.drivers.aspect', 'results.drivers.importance', 'results.drivers.performance', 'results.drivers.quadrant', 'results.drivers.pairs'].map((k) => h('th', { scope: 'col' }, t(k))))),
      h(
        'tbody',
        null,
        ...rows.map((r) =>
          h(
            'tr',
            { class: r.short ? 'short-board' : '', 'data-aspect': r.aspect, 'data-quadrant': r.quadrant ?? '' },
            h('th', { scope: 'row' }, humanize(r.aspect), ' ', h('span', { class: 'chip' }, r.id)),
            h('td', null, r.imp),
            h('td', null, r.perf),
            h('td', null, r.quadrant ? h('span', { class: `badge q-${r.quadrant}` }, t(`results.quadrant.${r.quadrant}`)) : t('results.drivers.unplaced')),
            h('td', null, `${formatCount(r.pairs, loc())} / ${formatCount(r.n, loc())}`),
          ),
        ),
      ),
    );
  }

  function renderThemes(): void {
    const th = data?.themes;
    if (!th) return replaceChildren(themesBox);
    replaceChildren(
      themesBox,
      ...SENTIMENTS.map((label) =>
        h(
          'section',
          { class: `theme-col sent-${label}-col`, 'data-sentiment': label },
          h('h4', null, h('span', { class: `badge sent-${label}` }, t(`sentiment.${label}`)), ' ', h('span', { class: 'muted small' }, t('results.themes.answers', { count: th.answers[label] ?? 0 }))),
          th.themes[label]?.length
            ? h(
                'ul',
                { class: 'theme-list' },
                ...th.themes[label].map((theme) =>
                  h(
                    'li',
                    { class: 'theme', 'data-phrase': theme.phrase },
                    h('p', { class: 'theme-head' }, h('strong', null, theme.phrase), ' ', h('span', { class: 'muted small' }, t('results.themes.count', { count: theme.count }))),
                    ...theme.quotes.map((q) => h('blockquote', { class: 'quote-text', lang: q.locale, title: absoluteTime(q.at, loc()) }, q.text)),
                  ),
                ),
              )
            : h('p', { class: 'muted small' }, t('results.themes.none')),
        ),
      ),
    );
  }

  function renderLoop(): void {
    const l = data?.loop;
    if (!l) {
      replaceChildren(loopFacts);
      replaceChildren(loopRules);
      return;
    }
    const share = (v: number | null) => formatShare(v, loc());
    const rating = l.recovery.rating;
    const ratingChange = formatChange('mean', rating, loc());
    const facts: [string, string | Node, string][] = [
      ['results.loop.escalations', formatCount(l.escalations.total, loc()), 'escalations'],
      ['results.loop.opened', formatCount(l.cases.opened, loc()), 'opened'],
      ['results.loop.timeToClaim', l.cases.meanMinutesToClaim === null ? NONE : duration(l.cases.meanMinutesToClaim * 60_000, loc()), 'time-to-claim'],
      ['results.loop.withinSla', l.cases.claimedWithinSlaShare === null ? NONE : `${share(l.cases.claimedWithinSlaShare)} (${l.cases.claimedWithinSla}/${l.cases.claimed})`, 'within-sla'],
      ['results.loop.resolved', l.cases.resolvedShare === null ? NONE : `${share(l.cases.resolvedShare)} (${l.cases.resolved}/${l.cases.opened})`, 'resolved'],
      ['results.loop.expired', formatCount(l.cases.expired, loc()), 'expired'],
      ['results.loop.recovery', l.recovery.rate === null ? NONE : `${share(l.recovery.rate)} ${formatMargin('share', l.recovery.marginOfError, loc())} (${l.recovery.yes}/${l.recovery.answered})`, 'recovery'],
      [
        'results.loop.rating',
        rating.n ? h('span', null, `${formatMean(rating.before, loc())} → ${formatMean(rating.after, loc())} (n ${rating.n}) `, changeEl(ratingChange)) : NONE,
        'rating',
      ],
    ];
    replaceChildren(loopFacts, ...facts.flatMap(([k, v, id]) => [h('dt', null, t(k)), h('dd', { 'data-fact': id }, v)]));
    replaceChildren(
      loopRules,
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('results.loop.rule')), h('th', { scope: 'col' }, t('results.loop.count')))),
      h(
        'tbody',
        null,
        ...(l.escalations.byRule.length
          ? l.escalations.byRule.map((r) => h('tr', { 'data-rule': r.rule }, h('th', { scope: 'row' }, r.rule === '@customer' ? t('results.loop.customerAsked') : humanize(r.rule)), h('td', null, formatCount(r.count, loc()))))
          : [h('tr', null, h('td', { colspan: '2', class: 'muted' }, t('results.loop.noEscalations')))]),
      ),
    );
  }

  function answerText(r: SurveyResponse, id: string | null): string {
    if (!id) return '';
    const a = r.answers[id];
    if (!a || a.skipped) return '';
    const v = a.value;
    return Array.isArray(v) ? v.map(str).join(', ') : typeof v === 'boolean' ? t(v ? 'results.yes' : 'results.no') : str(v);
  }

  function renderResponses(): void {
    if (!data) return replaceChildren(responsesTable);
    const s = data.summary;
    const segs = s.segments.map((x) => x.name);
    const scores = (['csat', 'nps', 'ces'] as const).map((k) => s.headline[k]).filter((x): x is string => !!x);
    const texts = s.questions.filter((q) => q.type === 'text').map((q) => q.id);
    replaceChildren(
      responsesTable,
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, t('results.responses.started')),
          h('th', { scope: 'col' }, t('results.responses.status')),
          ...segs.map((n) => h('th', { scope: 'col' }, segmentName(n))),
          ...scores.map((id) => h('th', { scope: 'col' }, humanize(id))),
          h('th', { scope: 'col' }, t('results.responses.comments')),
        ),
      ),
      h(
        'tbody',
        null,
        ...responses.map((r) =>
          h(
            'tr',
            { 'data-response': r.id },
            h('td', { class: 'nowrap' }, absoluteTime(r.startedAt, loc())),
            h('td', null, t(`results.status.${r.status}`)),
            ...segs.map((n) => h('td', null, segmentValue(r, n))),
            ...scores.map((id) => h('td', { class: 'num' }, answerText(r, id))),
            h('td', { class: 'comment' }, texts.map((id) => answerText(r, id)).filter(Boolean).join(' · ')),
          ),
        ),
      ),
    );
    if (!responses.length) responsesTable.tBodies[0]!.append(h('tr', null, h('td', { colspan: String(3 + segs.length + scores.length), class: 'muted' }, t('results.responses.none'))));
    responsesCount.textContent = t('results.responses.shown', { count: responses.length });
    show(moreBtn, !!cursor);
  }

  function segmentValue(r: SurveyResponse, name: string): string {
    if (name === 'channel') return r.channel;
    if (name === 'locale') return r.locale;
    if (name === 'version') return String(r.surveyVersion);
    return r.segments?.[name] ?? '';
  }

  onLanguage(() => {
    if (!data) return renderScope();
    renderAll();
    void reloadBreakdown();
  });

  return {
    el,
    enter() {
      visible = true;
      show(el, true);
      ctx.setTitle(t('results.title'));
      const fromUrl = parseView(location.hash, today());
      const same = viewHash(fromUrl) === viewHash(view) && data;
      if (fromUrl.survey) view = fromUrl;
      setHash();
      renderFilters();
      void loadSurveyChoices();
      if (same) {
        // Back on a page that kept its figures: the charts were not drawn while hidden.
        renderTrend();
        renderBreakdown();
        renderDrivers();
      } else void load();
    },
    leave() {
      visible = false;
      show(el, false);
      destroyCharts();
    },
    reset() {
      visible = false;
      show(el, false);
      loadSeq++;
      responsesSeq++;
      destroyCharts();
      data = null;
      responses = [];
      cursor = null;
      surveysLoaded = false;
      view = defaultView(today());
      show(body, false);
      show(intro, true);
      say(banner, '');
      replaceChildren(surveyList);
    },
    hash: () => viewHash(view),
  };
}
