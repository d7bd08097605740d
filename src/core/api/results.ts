/**
 * The JSON the results API answers with (GET /api/results/:surveyId/…, GET /api/responses), as
 * types only: the staff pages in web/ import them with `import type`, so the server and the
 * pages share one definition. Shares are 0..1, NPS is in points (−100..100), margins are the
 * half-width of a 95% interval in the figure's own unit. A figure with no answers has n = 0;
 * values that cannot be computed are null (never left out), so a page can rely on every key.
 */

export type QuestionType = 'rating' | 'choice' | 'yesno' | 'text' | 'kano';
/** Kano categories (the standard evaluation table) and the five answers of each half. */
export type KanoCategory = 'must_be' | 'one_dimensional' | 'attractive' | 'indifferent' | 'reverse' | 'questionable';
export type KanoAnswer = 'like' | 'expect' | 'neutral' | 'tolerate' | 'dislike';
export type RatingPreset = 'csat' | 'nps' | 'ces';
export type SentimentLabel = 'negative' | 'neutral' | 'positive';
export type TrendInterval = 'day' | 'week' | 'month';
/** Where an aspect sits on the importance × performance grid; short_board = important and weak. */
export type Quadrant = 'short_board' | 'strength' | 'low_priority' | 'overperforming';
/** Text per locale, as the script has it ({ en: "...", "zh-CN": "...", es: "..." }). */
export type LocalizedText = Record<string, string>;

/** The segment filter a call was answered for: responses with any of these values of one segment
 * (`segment.<name>=<value>`, repeatable; one segment at a time). */
export interface SegmentFilter {
  name: string;
  values: string[];
}

/** What every results answer starts with. `from` and `to` are days (YYYY-MM-DD, UTC, inclusive). */
export interface ResultsScope {
  surveyId: string;
  from: string;
  to: string;
  /** Absent when all responses count. */
  segment?: SegmentFilter;
}

/** CSAT: the share of answers in the top two boxes of the scale (4–5 on 1–5). */
export interface CsatFigure {
  satisfiedShare: number;
  n: number;
  /** Wilson, 95%, as a share. */
  marginOfError: number;
}

/** NPS: % promoters (9–10) − % detractors (0–6). */
export interface NpsFigure {
  score: number;
  promoters: number;
  passives: number;
  detractors: number;
  n: number;
  /** In NPS points, 95%. */
  marginOfError: number;
}

/** CES (or any mean): the mean answer on the question's scale. */
export interface MeanFigure {
  /** null when n = 0. */
  mean: number | null;
  n: number;
  /** Normal approximation, 95%, in scale points (0 below two answers). */
  marginOfError: number;
}

export interface ResponseCounts {
  started: number;
  completed: number;
  abandoned: number;
  optedOut: number;
  /** completed / started of the events in the range (0 when nothing started); a survey started
   * before the range and completed in it counts as completed only, so at the edges of a short
   * range it can exceed 1. */
  completionRate: number;
  /** Invitations sent (email, Slack, links made) in the range; only when there were any, and
   * only for all responses (not per segment). */
  invited?: number;
  /** Invitations whose survey page was opened. */
  opened?: number;
  /** Invitations completed / invitations sent. */
  responseRate?: number;
}

export interface DropOff {
  /** answered + skipped + dropped: how many got to the question. */
  reached: number;
  answered: number;
  skipped: number;
  /** The survey ended (abandoned, opted out) while this question waited. */
  dropped: number;
}

export interface QuestionSummary {
  id: string;
  type: QuestionType;
  text: LocalizedText;
  /** Ratings: the scale and its preset. */
  scale?: { min: number; max: number; preset: RatingPreset | null };
  /** Rating questions tagged with an aspect (the drivers). */
  aspect?: string;
  /** Choice questions: the options in script order, with their labels. */
  options?: { id: string; label: LocalizedText }[];
  multiple?: boolean;
  /** Answers counted (a multiple choice answer counts once here and once per option chosen). */
  n: number;
  /** Answer value → count: "1".."5", option ids, "yes"/"no", Kano categories. Text questions: {}. */
  distribution: Record<string, number>;
  /** Ratings only; null without answers. */
  mean?: number | null;
  /** Rating questions with the csat preset. */
  csat?: CsatFigure;
  /** Rating questions with the nps preset. */
  nps?: NpsFigure;
  /** Rating questions with the ces preset. */
  ces?: MeanFigure;
  /** Text questions: answers per sentiment label. */
  sentiment?: Record<SentimentLabel, number>;
  /** Kano questions (distribution: pairs per category). */
  kano?: KanoFigure;
  dropOff: DropOff;
}

/** A Kano feature: how the classified answer pairs fall into the categories. */
export interface KanoFigure {
  feature: LocalizedText;
  /** Pairs classified. */
  n: number;
  counts: Record<KanoCategory, number>;
  /** counts / n (0 when n = 0). */
  shares: Record<KanoCategory, number>;
  /** The category most pairs fall in (the first of the table's order on a tie); null when n = 0. */
  category: KanoCategory | null;
  /** Satisfaction coefficients over attractive, one-dimensional, must-be and indifferent pairs:
   * better = (A + O) / n (0..1), worse = −(O + M) / n (−1..0); null without such pairs. */
  better: number | null;
  worse: number | null;
  /** How each half was answered: "if it had the feature" and "if it did not". */
  functional: Record<KanoAnswer, number>;
  dysfunctional: Record<KanoAnswer, number>;
}

/** GET /api/results/:surveyId/summary */
export interface ResultsSummary extends ResultsScope {
  /** The question ids of the headline scores: the first csat, nps and ces rating of the script. */
  headline: Headline;
  responses: ResponseCounts;
  questions: QuestionSummary[];
  /** What the survey can be filtered and broken down by, with the values seen so far (a segment
   * with more than the configured top-N values has the rest folded into "other"). */
  segments: { name: string; values: string[] }[];
}

export interface Headline {
  csat: string | null;
  nps: string | null;
  ces: string | null;
}

/** One period of a trend: `period` is its first day (a Monday for weeks, the 1st for months),
 * which may lie before the range; `from`..`to` is the part of it inside the range. Every period
 * of the range is there, empty ones too (started 0). */
export interface TrendPoint {
  period: string;
  from: string;
  to: string;
  started: number;
  completed: number;
  /** null when nobody answered the headline question in the period (draw a gap), or the survey
   * has no such question; otherwise with its own n. */
  csat: CsatFigure | null;
  nps: NpsFigure | null;
  ces: MeanFigure | null;
}

/** A headline figure now (the range) against the previous range of the same length. */
export interface Comparison {
  now: number | null;
  before: number | null;
  /** now − before, in the figure's unit (share, NPS points, scale points); null when either
   * side has no answers. */
  delta: number | null;
  nNow: number;
  nBefore: number;
  /** Two-sided 95%: shares by a pooled two-proportion z-test, NPS by the variance of the
   * difference, means by Welch's z. False when it cannot be told. */
  significant: boolean;
}

/** GET /api/results/:surveyId/trend?interval=day|week|month */
export interface ResultsTrend extends ResultsScope {
  interval: TrendInterval;
  headline: Headline;
  points: TrendPoint[];
  comparison: {
    /** The previous range: as many days, ending the day before `from`. */
    previous: { from: string; to: string };
    csat: Comparison | null;
    nps: Comparison | null;
    ces: Comparison | null;
    completionRate: Comparison;
  };
}

/** One value of a segment. Groups below `smallGroup` (30) responses are marked `small`, never hidden. */
export interface BreakdownGroup {
  /** null: responses without a value for this segment ("not given"). */
  value: string | null;
  /** Responses started in the range in this group. */
  n: number;
  small: boolean;
  responses: ResponseCounts;
  /** null when nobody in the group answered the headline question (or there is none). */
  csat: CsatFigure | null;
  nps: NpsFigure | null;
  ces: MeanFigure | null;
}

/** GET /api/results/:surveyId/breakdown?by=<segment> */
export interface ResultsBreakdown extends ResultsScope {
  by: string;
  headline: Headline;
  /** Below this many responses a group is `small`. */
  smallGroup: number;
  /** Largest first; "not given" last. */
  groups: BreakdownGroup[];
  /** Every segment this survey can be broken down by. */
  segments: string[];
}

export interface DriverFigure {
  questionId: string;
  aspect: string;
  /** Pearson's r of the aspect's rating with the outcome's, over responses that answered both;
   * null below 3 pairs or when either side does not vary. */
  importance: number | null;
  /** The aspect's mean rating; null without ratings. */
  performance: number | null;
  /** Share of ratings in the bottom two boxes. */
  lowShare: number;
  /** Ratings of the aspect. */
  n: number;
  /** Pairs with the outcome behind `importance`. */
  pairs: number;
  scale: { min: number; max: number };
  /** null when importance or performance is unknown. */
  quadrant: Quadrant | null;
}

/** GET /api/results/:surveyId/drivers: short boards first, then by importance. */
export interface ResultsDrivers extends ResultsScope {
  /** The outcome question (script `outcome`, else the first csat, nps or rating); null when the
   * survey has none, and then there are no drivers. */
  outcome: { questionId: string; mean: number | null; n: number } | null;
  drivers: DriverFigure[];
  /** The medians the quadrants are split at (performance normalised to 0..1). */
  medians: { importance: number | null; performance: number | null };
}

export interface ThemeQuote {
  text: string;
  questionId: string;
  locale: string;
  /** When the answer was given (ISO). */
  at: string;
}

export interface ThemeFigure {
  phrase: string;
  /** Open answers using the phrase. */
  count: number;
  /** A few recent answers that use it, masked (emails, phones, cards). */
  quotes: ThemeQuote[];
}

/** GET /api/results/:surveyId/themes */
export interface ResultsThemes extends ResultsScope {
  /** Open answers per sentiment label. */
  answers: Record<SentimentLabel, number>;
  themes: Record<SentimentLabel, ThemeFigure[]>;
}

/** GET /api/results/:surveyId/loop: escalations and what became of their cases. Case figures
 * count on the day each step happened (opened, claimed, resolved, recovery answered). */
export interface ResultsLoop extends ResultsScope {
  escalations: {
    /** Escalations raised: each rule counts once per response. */
    total: number;
    /** Per rule ('@customer': the customer asked for a person); most first. */
    byRule: { rule: string; count: number }[];
  };
  cases: {
    opened: number;
    claimed: number;
    /** Mean minutes from opening to claim, of the cases claimed in the range; null when none. */
    meanMinutesToClaim: number | null;
    claimedWithinSla: number;
    /** claimedWithinSla / claimed; null when none was claimed. */
    claimedWithinSlaShare: number | null;
    resolved: number;
    expired: number;
    /** resolved / opened; null when none opened. Cases opened before the range and resolved in
     * it count as resolved only. */
    resolvedShare: number | null;
  };
  recovery: {
    /** Recovery surveys answered with yes or no to "was your issue resolved?". */
    answered: number;
    yes: number;
    no: number;
    /** yes / answered (null when none), with its Wilson margin. */
    rate: number | null;
    marginOfError: number;
    /** The outcome rating of the escalated survey against the recovery survey's rating, from
     * the cases that have both (their own scales, usually 1–5). */
    rating: {
      n: number;
      before: number | null;
      after: number | null;
      /** after − before; paired z over the differences. */
      delta: number | null;
      significant: boolean;
    };
  };
}

/** Results calls that fail answer { error: { code, message, requestId } } with 400 (bad
 * from/to, segment filters, interval, by), 401, 403 or 404 (unknown survey). */
export interface ResultsError {
  error: { code: string; message: string; requestId?: string };
}

/** GET /api/responses: one page, oldest first; `next` is the opaque cursor of the following
 * page (pass it as `cursor`), null on the last page. */
export interface ResponsesPage<R = unknown> {
  responses: R[];
  next: string | null;
}

/** One step count of invitations: sent, then opened, started and completed of those. */
export interface InvitationSteps {
  sent: number;
  opened: number;
  started: number;
  completed: number;
  /** completed / sent (null when none was sent). Steps count on the day they happened. */
  responseRate: number | null;
}

/** GET /api/results/:surveyId/invitations: the response rate per channel and day. */
export interface InvitationFunnel extends ResultsScope {
  total: InvitationSteps;
  channels: Record<string, InvitationSteps>;
  days: (InvitationSteps & { day: string; channels: Record<string, InvitationSteps> })[];
}
