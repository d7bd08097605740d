import type { CsatFigure, Headline, MeanFigure, NpsFigure, QuestionSummary, ResponseCounts, SentimentLabel } from '../api/results.js';
import type { CompiledQuestion, CompiledScript } from '../script/compiled.js';
import { distributionOf, field, type Counters } from './fields.js';
import { KANO_ANSWERS, KANO_CATEGORIES, kanoCoefficients, kanoShares, type KanoAnswer, type KanoCategory } from './kano.js';
import { csat, distributionSize, mean, momentsOf, nps, variance, Z95, type Distribution } from './statistics.js';

/**
 * The summary figures of a survey from its counters (summed over the days and the group asked
 * for) and its script: what was started and finished, and per question its answers, scores and
 * drop-off. Everything comes from counts, so it costs the same for ten answers as for millions.
 */

type Rating = Extract<CompiledQuestion, { type: 'rating' }>;

const LABELS: readonly SentimentLabel[] = ['negative', 'neutral', 'positive'];

const count = (c: Readonly<Counters>, name: string): number => c[name] ?? 0;

/** The headline scores: the first csat, nps and ces rating of the script. */
export function headlineOf(script: CompiledScript): Headline {
  const first = (preset: 'csat' | 'nps' | 'ces') => script.questions.find((q) => q.type === 'rating' && q.rating.preset === preset)?.id ?? null;
  return { csat: first('csat'), nps: first('nps'), ces: first('ces') };
}

export function responseCounts(c: Readonly<Counters>): ResponseCounts {
  const started = count(c, field.started);
  const completed = count(c, field.completed);
  const invited = count(c, field.invitation('sent'));
  return {
    started,
    completed,
    abandoned: count(c, field.abandoned),
    optedOut: count(c, field.optedOut),
    completionRate: started ? completed / started : 0,
    // Invitations are counted for all responses only, so a segment's group has none.
    ...(invited ? { invited, opened: count(c, field.invitation('opened')), responseRate: count(c, field.invitation('completed')) / invited } : {}),
  };
}

/** A rating's counts per scale point, every point present (0 when nobody chose it). */
export function ratingDistribution(c: Readonly<Counters>, q: Rating): Distribution {
  const counted = distributionOf(c, q.id);
  const out: Distribution = {};
  for (let v = q.rating.min; v <= q.rating.max; v++) out[String(v)] = counted[String(v)] ?? 0;
  // Values outside today's scale (an older version's) are kept, not dropped.
  for (const [v, n] of Object.entries(counted)) if (!(v in out)) out[v] = n;
  return out;
}

/** Answers in the top two boxes of the scale. */
export function satisfiedCount(d: Distribution, max: number): number {
  return Object.entries(d).reduce((a, [v, n]) => (Number(v) >= max - 1 ? a + n : a), 0);
}

export function csatFigure(d: Distribution, max: number): CsatFigure {
  const f = csat(d, max);
  return { satisfiedShare: f.share, n: f.n, marginOfError: f.marginOfError };
}

export function npsFigure(d: Distribution): NpsFigure {
  return nps(d);
}

export function meanFigure(d: Distribution): MeanFigure {
  const m = momentsOf(d);
  return { mean: mean(m) ?? null, n: m.n, marginOfError: m.n >= 2 ? Z95 * Math.sqrt(variance(m) / m.n) : 0 };
}

/** The headline figures of one set of counters; null where the survey has no such question or
 * nobody answered it. */
export function headlineFigures(c: Readonly<Counters>, script: CompiledScript, headline: Headline): { csat: CsatFigure | null; nps: NpsFigure | null; ces: MeanFigure | null } {
  const dist = (id: string | null) => {
    const q = id === null ? undefined : ratingQuestion(script, id);
    const d = q && ratingDistribution(c, q);
    return q && d && distributionSize(d) > 0 ? { q, d } : undefined;
  };
  const s = dist(headline.csat);
  const p = dist(headline.nps);
  const e = dist(headline.ces);
  return { csat: s ? csatFigure(s.d, s.q.rating.max) : null, nps: p ? npsFigure(p.d) : null, ces: e ? meanFigure(e.d) : null };
}

export function ratingQuestion(script: CompiledScript, id: string): Rating | undefined {
  const q = script.questions.find((x) => x.id === id);
  return q?.type === 'rating' ? q : undefined;
}

export function questionSummary(c: Readonly<Counters>, q: CompiledQuestion): QuestionSummary {
  const answered = count(c, field.answered(q.id));
  const skipped = count(c, field.skipped(q.id));
  const dropped = count(c, field.dropped(q.id));
  const base = { id: q.id, type: q.type, text: { ...q.text }, n: answered, dropOff: { reached: answered + skipped + dropped, answered, skipped, dropped } };
  switch (q.type) {
    case 'rating': {
      const d = ratingDistribution(c, q);
      const { min, max, preset } = q.rating;
      return {
        ...base,
        scale: { min, max, preset: preset ?? null },
        ...(q.aspect ? { aspect: q.aspect } : {}),
        distribution: d,
        mean: mean(momentsOf(d)) ?? null,
        ...(preset === 'csat' ? { csat: csatFigure(d, max) } : {}),
        ...(preset === 'nps' ? { nps: npsFigure(d) } : {}),
        ...(preset === 'ces' ? { ces: meanFigure(d) } : {}),
      };
    }
    case 'choice': {
      const counted = distributionOf(c, q.id);
      const d: Distribution = Object.fromEntries(q.options.map((o) => [o.id, counted[o.id] ?? 0]));
      for (const [v, n] of Object.entries(counted)) if (!(v in d)) d[v] = n;
      return { ...base, options: q.options.map((o) => ({ id: o.id, label: { ...o.label } })), multiple: q.multiple, distribution: d };
    }
    case 'yesno': {
      const counted = distributionOf(c, q.id);
      return { ...base, distribution: { yes: counted.yes ?? 0, no: counted.no ?? 0 } };
    }
    case 'text':
      return { ...base, distribution: {}, sentiment: Object.fromEntries(LABELS.map((l) => [l, count(c, field.sentiment(q.id, l))])) as Record<SentimentLabel, number> };
    case 'kano': {
      const counts = Object.fromEntries(KANO_CATEGORIES.map((k) => [k, count(c, field.kano(q.id, k))])) as Record<KanoCategory, number>;
      const shares = kanoShares(counts);
      const half = (h: 'functional' | 'dysfunctional') => Object.fromEntries(KANO_ANSWERS.map((a) => [a, count(c, field.kanoHalf(q.id, h, a))])) as Record<KanoAnswer, number>;
      return {
        ...base,
        distribution: { ...counts },
        kano: { feature: { ...q.feature }, n: shares.n, counts, shares: shares.shares, category: shares.category ?? null, ...kanoCoefficients(counts), functional: half('functional'), dysfunctional: half('dysfunctional') },
      };
    }
  }
}

export function summarize(c: Readonly<Counters>, script: CompiledScript): { headline: Headline; responses: ResponseCounts; questions: QuestionSummary[] } {
  return { headline: headlineOf(script), responses: responseCounts(c), questions: script.questions.map((q) => questionSummary(c, q)) };
}
