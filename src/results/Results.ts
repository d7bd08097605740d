import type { InvitationFunnel, ResultsBreakdown, ResultsDrivers, ResultsLoop, ResultsScope, ResultsSummary, ResultsThemes, ResultsTrend, SentimentLabel, ThemeQuote } from '../core/api/results.js';
import type { AggregateStore, ResponseStore, SurveyResponse } from '../core/ports.js';
import { maskPersonalData } from '../core/privacy/maskPersonalData.js';
import { BUILT_IN_SEGMENTS } from '../core/results/aggregateEvent.js';
import { breakdown, SMALL_GROUP } from '../core/results/breakdown.js';
import { driverFigures } from '../core/results/driverFigures.js';
import { field, type Counters } from '../core/results/fields.js';
import { loopFigures } from '../core/results/loopFigures.js';
import { invitationFunnel } from '../core/results/invitationFunnel.js';
import { INVITATION_CHANNELS } from '../core/distribution/invitation.js';
import { previousRange, type Interval } from '../core/results/periods.js';
import { phraseCountsOf, rankThemes, THEME_LABELS } from '../core/results/rankThemes.js';
import type { ResultsQuery } from '../core/results/resultsQuery.js';
import { headlineOf, summarize } from '../core/results/summarize.js';
import { trend } from '../core/results/trend.js';
import type { CompiledScript } from '../core/script/compiled.js';
import { SatisfyError } from '../errors.js';
import type { ScriptRegistry } from '../scripts/ScriptRegistry.js';
import { phrasesOf } from '../sentiment/findThemes.js';
import { responseInSegment } from './responseSegments.js';

export interface ResultsDeps {
  aggregates: AggregateStore;
  responses: ResponseStore;
  scripts: ScriptRegistry;
}

/** Themes per sentiment, and quotes per theme. */
const TOP_THEMES = 5;
const QUOTES_PER_THEME = 3;
/** The newest responses of the range looked through for quotes: enough for a few per theme,
 * and a bound on the cost however many responses the range holds. */
const QUOTE_SCAN = 2000;
const QUOTE_PAGE = 250;

/**
 * Reads a survey's results: the counters of the range (and group) from the AggregateStore, the
 * figures from the pure functions in src/core/results. Only the quotes of the themes read
 * responses, and only a bounded number of the newest.
 */
export class Results {
  constructor(private readonly deps: ResultsDeps) {}

  /** The published script, and a check that the segment filter names a segment of the survey. */
  private async open(surveyId: string, q: ResultsQuery): Promise<{ script: CompiledScript; scope: ResultsScope }> {
    const script = await this.deps.scripts.published(surveyId);
    if (q.segment) await this.requireSegment(surveyId, script, q.segment.name, 'segment filter');
    return { script, scope: { surveyId, from: q.from, to: q.to, ...(q.segment ? { segment: q.segment } : {}) } };
  }

  /** Built-in segments, the script's, and any seen in the counters (an older version's). */
  async segmentNames(surveyId: string, script: CompiledScript): Promise<string[]> {
    const seen = await this.deps.aggregates.segments(surveyId);
    return [...new Set([...BUILT_IN_SEGMENTS, ...script.segments, ...[...seen].sort()])];
  }

  private async requireSegment(surveyId: string, script: CompiledScript, name: string, what: string): Promise<void> {
    const names = await this.segmentNames(surveyId, script);
    if (!names.includes(name)) throw new SatisfyError('BAD_REQUEST', `Unknown segment "${name.slice(0, 64)}" in the ${what}: survey "${surveyId}" is split by ${names.join(', ')}.`);
  }

  /** The range's counters summed on the store's side (one step, whatever the number of days). */
  private async sum(surveyId: string, q: ResultsQuery, fields?: readonly string[]): Promise<Counters> {
    return this.deps.aggregates.total(surveyId, q.from, q.to, q.segment, fields);
  }

  async summary(surveyId: string, q: ResultsQuery): Promise<ResultsSummary> {
    const { script, scope } = await this.open(surveyId, q);
    const [c, names] = await Promise.all([this.sum(surveyId, q), this.segmentNames(surveyId, script)]);
    const segments = await Promise.all(names.map(async (name) => ({ name, values: [...(await this.deps.aggregates.segmentValues(surveyId, name))].sort() })));
    return { ...scope, ...summarize(c, script), segments };
  }

  async trend(surveyId: string, q: ResultsQuery, interval: Interval): Promise<ResultsTrend> {
    const { script, scope } = await this.open(surveyId, q);
    // One read covers the previous range too (it ends the day before `from`).
    const days = await this.deps.aggregates.read(surveyId, previousRange(q.from, q.to).from, q.to, q.segment, headlineFields(script));
    return { ...scope, ...trend(days, script, q.from, q.to, interval) };
  }

  async breakdown(surveyId: string, q: ResultsQuery, by: string): Promise<ResultsBreakdown> {
    const { script, scope } = await this.open(surveyId, q);
    await this.requireSegment(surveyId, script, by, '"by" parameter');
    if (q.segment && q.segment.name !== by) {
      throw new SatisfyError('BAD_REQUEST', `Break down by the segment you filter on, or filter on none: results are kept per value of one segment at a time (got by=${by} and segment.${q.segment.name}).`);
    }
    const known = await this.deps.aggregates.segmentValues(surveyId, by);
    const values = q.segment ? q.segment.values : known;
    const groups = new Map<string, Counters>();
    await Promise.all(
      values.map(async (value) => {
        groups.set(value, await this.deps.aggregates.total(surveyId, q.from, q.to, { name: by, values: [value] }, headlineFields(script)));
      }),
    );
    // A value with nothing in the range says nothing; a value filtered on always shows.
    for (const [value, c] of groups) if (!q.segment && !Object.keys(c).length) groups.delete(value);
    const all = q.segment ? undefined : await this.sum(surveyId, q, headlineFields(script));
    const headline = headlineOf(script);
    return { ...scope, by, headline, smallGroup: SMALL_GROUP, groups: breakdown(groups, script, headline, all), segments: await this.segmentNames(surveyId, script) };
  }

  async drivers(surveyId: string, q: ResultsQuery): Promise<ResultsDrivers> {
    const { script, scope } = await this.open(surveyId, q);
    return { ...scope, ...driverFigures(await this.sum(surveyId, q), script) };
  }

  async loop(surveyId: string, q: ResultsQuery): Promise<ResultsLoop> {
    const { scope } = await this.open(surveyId, q);
    return { ...scope, ...loopFigures(await this.sum(surveyId, q)) };
  }

  /** Invitations are counted for all responses only: a segment filter is refused, not ignored. */
  async invitations(surveyId: string, q: ResultsQuery): Promise<InvitationFunnel> {
    const { scope } = await this.open(surveyId, q);
    if (q.segment) throw new SatisfyError('BAD_REQUEST', 'Invitations are counted for all responses, not per segment: drop the segment filter.');
    const fields = (['sent', 'opened', 'started', 'completed'] as const).flatMap((s) => [field.invitation(s), ...INVITATION_CHANNELS.map((ch) => field.invitation(s, ch))]);
    return { ...scope, ...invitationFunnel(await this.deps.aggregates.read(surveyId, q.from, q.to, undefined, fields)) };
  }

  async themes(surveyId: string, q: ResultsQuery): Promise<ResultsThemes> {
    const { script, scope } = await this.open(surveyId, q);
    const c = await this.sum(surveyId, q);
    const textQuestions = script.questions.filter((x) => x.type === 'text').map((x) => x.id);
    const answers = Object.fromEntries(THEME_LABELS.map((l) => [l, textQuestions.reduce((a, id) => a + (c[field.sentiment(id, l)] ?? 0), 0)])) as Record<SentimentLabel, number>;
    const ranked = rankThemes(phraseCountsOf(c), { top: TOP_THEMES });
    const wanted = THEME_LABELS.flatMap((label) => ranked[label].map((t) => ({ label, phrase: t.phrase, quotes: [] as ThemeQuote[] })));
    if (wanted.length) await this.findQuotes(surveyId, q, wanted);
    const themes = Object.fromEntries(THEME_LABELS.map((label) => [label, ranked[label].map((t) => ({ ...t, quotes: wanted.find((w) => w.label === label && w.phrase === t.phrase)!.quotes }))])) as ResultsThemes['themes'];
    return { ...scope, answers, themes };
  }

  /** The newest open answers of the range (and group) that use each theme's phrase, masked. */
  private async findQuotes(surveyId: string, q: ResultsQuery, wanted: { label: SentimentLabel; phrase: string; quotes: ThemeQuote[] }[]): Promise<void> {
    let after: { startedAt: string; id: string } | undefined;
    let scanned = 0;
    while (scanned < QUOTE_SCAN && wanted.some((w) => w.quotes.length < QUOTES_PER_THEME)) {
      const page = await this.deps.responses.list({ surveyId, from: `${q.from}T00:00:00.000Z`, to: `${q.to}T23:59:59.999Z`, order: 'desc', limit: QUOTE_PAGE, ...(after ? { after } : {}) });
      if (!page.length) break;
      scanned += page.length;
      const last = page.at(-1)!;
      after = { startedAt: last.startedAt, id: last.id };
      for (const r of page) if (!q.segment || responseInSegment(r, q.segment)) addQuotes(r, wanted);
    }
  }
}

function addQuotes(r: SurveyResponse, wanted: { label: SentimentLabel; phrase: string; quotes: ThemeQuote[] }[]): void {
  const answers = Object.entries(r.answers)
    .filter(([, a]) => !a.skipped && a.sentimentLabel && a.raw)
    .sort(([, a], [, b]) => b.answeredAt.localeCompare(a.answeredAt));
  for (const [questionId, a] of answers) {
    const phrases = phrasesOf(a.raw, r.locale);
    for (const w of wanted) {
      if (w.quotes.length >= QUOTES_PER_THEME || w.label !== a.sentimentLabel || !phrases.has(w.phrase)) continue;
      w.quotes.push({ text: maskPersonalData(a.raw), questionId, locale: r.locale, at: a.answeredAt });
    }
  }
}

/** The counters the headline figures and response counts are made of: all a trend point or a
 * breakdown group needs, so reading them does not carry every question's and theme's. */
function headlineFields(script: CompiledScript): string[] {
  const h = headlineOf(script);
  const values = (id: string | null) => {
    const q = id ? script.questions[script.indexById.get(id) ?? -1] : undefined;
    if (q?.type !== 'rating') return [];
    return Array.from({ length: q.rating.max - q.rating.min + 1 }, (_, i) => field.value(q.id, String(q.rating.min + i)));
  };
  // Exact names (the scale's every value), so the store reads only these of each day's counters.
  return [field.started, field.completed, field.abandoned, field.optedOut, field.invitation('sent'), field.invitation('opened'), field.invitation('completed'), ...[h.csat, h.nps, h.ces].flatMap(values)];
}

