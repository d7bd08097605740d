import type { SurveyEvent } from '../events.js';
import type { CompiledQuestion, CompiledScript } from '../script/compiled.js';
import type { AnswerValue } from '../session.js';
import { field } from './fields.js';
import { isKanoAnswer, kanoCategory } from './kano.js';
import { isThemeLabel } from './rankThemes.js';

/**
 * What one recorded event adds to a survey's results: counters to add in one day bucket, for
 * every group the response belongs to. Stores apply an update exactly once per (responseId, key), so a
 * replayed turn, a redelivered activity or two racing instances count an answer once.
 */
export interface AggregateUpdate {
  surveyId: string;
  /** The UTC day of the event, YYYY-MM-DD. */
  day: string;
  responseId: string;
  /** The event within its response: the same event always has the same key. */
  key: string;
  /** The groups of this response: segment name → value (channel, locale and version always). */
  segments: Record<string, string>;
  /** Counter → amount to add. */
  counts: Record<string, number>;
}

/** What the results need to know of the response an event belongs to. */
export interface ResponseFacts {
  surveyId: string;
  version: number;
  locale: string;
  channel: string;
  /** Fixed when the survey started (script `segments`). */
  segments?: Record<string, string>;
  /** The answers recorded so far (this event's turn included; later ones may be there too). */
  answers: Record<string, AnswerValue | null>;
  /** groupsOf(this response), once worked out: every update of the response shares it. */
  groups?: Record<string, string>;
}

export interface AggregateContext {
  script: CompiledScript;
  response: ResponseFacts;
  /** Theme phrases of an open answer (found outside the core, by the sentiment module). */
  phrases?: (questionId: string) => readonly string[];
}

/** The segments every response has, besides the script's own. */
export const BUILT_IN_SEGMENTS = ['channel', 'locale', 'version'] as const;

const DAY_MS = 86_400_000;
/** The last day named: a turn's events, and the turns of a busy minute, share it. */
let lastDay = { n: NaN, name: '' };

export function utcDay(at: number): string {
  const n = Math.floor(at / DAY_MS);
  if (n !== lastDay.n) lastDay = { n, name: new Date(n * DAY_MS).toISOString().slice(0, 10) };
  return lastDay.name;
}

/** The groups a response counts in besides all responses: its segments and the built-in ones. */
export function groupsOf(response: ResponseFacts): Record<string, string> {
  return { ...response.segments, channel: response.channel, locale: response.locale, version: String(response.version) };
}

/** The update for one event, or undefined for events that change no figure. */
export function aggregateEvent(event: SurveyEvent, ctx: AggregateContext): AggregateUpdate | undefined {
  const counts = countsOf(event, ctx);
  if (!counts) return undefined;
  const { response } = ctx;
  return {
    surveyId: response.surveyId,
    day: utcDay(event.at),
    responseId: event.responseId,
    key: keyOf(event),
    segments: response.groups ?? groupsOf(response),
    counts,
  };
}

function keyOf(event: SurveyEvent): string {
  switch (event.type) {
    case 'answer.recorded':
    case 'answer.skipped':
      return `${event.type}:${event.questionId}`;
    case 'escalation.requested':
      return `${event.type}:${event.ruleId ?? '@customer'}`;
    default:
      return event.type;
  }
}

function countsOf(event: SurveyEvent, ctx: AggregateContext): Record<string, number> | undefined {
  switch (event.type) {
    case 'survey.started':
      return { [field.started]: 1 };
    case 'survey.completed':
      return { [field.completed]: 1 };
    case 'survey.opted_out':
      return { [field.optedOut]: 1, ...(event.questionId ? { [field.dropped(event.questionId)]: 1 } : {}) };
    case 'survey.abandoned':
      return { [field.abandoned]: 1, ...(event.questionId ? { [field.dropped(event.questionId)]: 1 } : {}) };
    case 'answer.skipped':
      return { [field.skipped(event.questionId)]: 1 };
    case 'escalation.requested':
      return { [field.escalated]: 1, [field.escalatedBy(event.ruleId ?? '@customer')]: 1 };
    case 'answer.recorded':
      return answerCounts(event, ctx);
    case 'answer.mismatch':
      return undefined;
  }
}

function answerCounts(event: Extract<SurveyEvent, { type: 'answer.recorded' }>, ctx: AggregateContext): Record<string, number> {
  const q = event.questionId;
  const counts: Record<string, number> = { [field.answered(q)]: 1 };
  // An open answer is the customer's own words: counted by sentiment and theme, never by value
  // (a counter per text would grow without end and keep what an erasure must remove).
  const question = ctx.script.questions[ctx.script.indexById.get(q) ?? -1];
  if (question?.type === 'kano') Object.assign(counts, kanoCounts(q, event.value));
  else if (question && question.type !== 'text') for (const v of valuesOf(event.value)) counts[field.value(q, v)] = 1;
  if (event.sentimentLabel) {
    counts[field.sentiment(q, event.sentimentLabel)] = 1;
    const label = event.sentimentLabel;
    if (isThemeLabel(label)) for (const phrase of ctx.phrases?.(q) ?? []) counts[field.theme(label, phrase)] = 1;
  }
  for (const a of event.aspects ?? []) {
    const label = a.score < 0 ? 'negative' : a.score > 0 ? 'positive' : 'neutral';
    counts[field.aspectMention(a.aspect, label)] = (counts[field.aspectMention(a.aspect, label)] ?? 0) + 1;
  }
  Object.assign(counts, coMoments(q, event.value, ctx));
  return counts;
}

/**
 * A Kano pair counts into its category and into each half's answer; not into values (`v:`),
 * where the two halves' answers would read as one distribution.
 */
function kanoCounts(q: string, value: AnswerValue): Record<string, number> {
  const [functional, dysfunctional] = Array.isArray(value) ? value : [];
  if (!Array.isArray(value) || value.length !== 2 || !isKanoAnswer(functional) || !isKanoAnswer(dysfunctional)) return {};
  return {
    [field.kano(q, kanoCategory(functional, dysfunctional))]: 1,
    [field.kanoHalf(q, 'functional', functional)]: 1,
    [field.kanoHalf(q, 'dysfunctional', dysfunctional)]: 1,
  };
}

/** Answer values as counter names: numbers and option ids as they are, yes/no as yes and no. */
function valuesOf(value: AnswerValue): string[] {
  if (Array.isArray(value)) return [...new Set(value)];
  if (typeof value === 'boolean') return [value ? 'yes' : 'no'];
  return [String(value)];
}

/**
 * A pair (aspect rating, outcome rating) counts once, when the later of the two questions in
 * the script is recorded and the earlier one was answered: a replay that sees answers given
 * since pairs the same way, since questions later in the script are never partners.
 */
function coMoments(questionId: string, value: AnswerValue, ctx: AggregateContext): Record<string, number> {
  const { script, response } = ctx;
  const outcome = script.outcome;
  if (!outcome || typeof value !== 'number') return {};
  const index = script.indexById.get(questionId);
  if (index === undefined) return {};
  const pairs: { aspectQuestion: string; x: number; y: number }[] = [];
  if (questionId === outcome) {
    for (const q of script.questions.slice(0, index)) {
      const x = response.answers[q.id];
      if (isAspectRating(q) && typeof x === 'number') pairs.push({ aspectQuestion: q.id, x, y: value });
    }
  } else {
    const q = script.questions[index];
    const outcomeIndex = script.indexById.get(outcome);
    const y = response.answers[outcome];
    if (q && isAspectRating(q) && outcomeIndex !== undefined && outcomeIndex < index && typeof y === 'number') pairs.push({ aspectQuestion: q.id, x: value, y });
  }
  const counts: Record<string, number> = {};
  for (const { aspectQuestion: a, x, y } of pairs) counts[field.pair(a, x, y)] = 1;
  return counts;
}

export function isAspectRating(q: CompiledQuestion): boolean {
  return q.type === 'rating' && !!q.aspect;
}
