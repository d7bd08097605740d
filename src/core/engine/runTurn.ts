import { evaluateCondition, type ConditionScope, type Value } from '../condition.js';
import type { SurveyEvent } from '../events.js';
import { matchLocale } from '../locale.js';
import type { Output } from '../outputs.js';
import type { Clock, SentimentScorer } from '../ports.js';
import { recognizeIntent } from '../recognize/intent.js';
import { normalizeInput } from '../recognize/normalize.js';
import type { Recognized } from '../recognize/types.js';
import { matchKeyword } from '../escalation/matchKeyword.js';
import { END, type CompiledQuestion, type CompiledRule, type CompiledScript } from '../script/compiled.js';
import type { AnswerValue, Session } from '../session.js';
import { resolveSegments } from '../results/segments.js';
import { cleanFreeText } from './cleanFreeText.js';
import { message, promptId, reaskHint, renderQuestion, say, t, type KanoHalf } from './render.js';
import type { KanoAnswer } from '../results/kano.js';
import { understandButton, understandText } from './understand.js';

export type TurnInput =
  | { type: 'start'; locale?: string; customer?: Record<string, Value>; order?: Record<string, Value> }
  | { type: 'text'; text: string }
  /** A button press: the question it belongs to travels with it, so an old button is detected. */
  | { type: 'answer'; questionId: string; value: unknown }
  | { type: 'skip'; questionId: string }
  /** The survey goes on after a pause (a person took over and the case is resolved). */
  | { type: 'resume' };

export interface TurnDeps {
  clock: Clock;
  newId: () => string;
  sentiment?: SentimentScorer;
  /** A person can take over the chat: escalation rules may pause or end the survey, and a
   * customer asking for a person is not told to wait for a call back. */
  handoff?: boolean;
}

export interface TurnResult {
  session: Session;
  outputs: Output[];
  events: SurveyEvent[];
}

/** Longer messages to a non-text question are not answers; recognizers never see megabytes. */
const MAX_ANSWER_CHARS = 1000;
const CUSTOMER_REQUEST = '@customer';
/** What is kept of a non-answer for the record (a skipped question's last attempt). */
const MAX_RAW_CHARS = 2000;
/** A mismatch: a rating in the top quarter of its scale (4-5 of 5, 8-10 of 10) with a clearly
 * negative comment, or in the bottom quarter with a clearly positive one. */
const HIGH_RATING = 0.75;
const LOW_RATING = 0.25;
const CLEAR_SENTIMENT = 0.4;

/**
 * One turn of a survey: the session before, one input, and what to show and record. Pure: it
 * reads the time from deps.clock and saves nothing, so the caller decides how to persist.
 * With no session (or a finished one and a start input) a new survey begins.
 */
export function runTurn(script: CompiledScript, session: Session | undefined, input: TurnInput, deps: TurnDeps): TurnResult {
  if (!session || input.type === 'start') return startSurvey(script, input.type === 'start' ? input : {}, deps);
  const now = deps.clock.now();
  const turn = new Turn(script, { ...session, updatedAt: now }, deps, now - session.updatedAt >= script.settings.resumeAfterMs);
  turn.handle(input);
  return turn.result();
}

/** Closes a survey that was left unanswered longer than the script allows. */
export function expireIfStale(script: CompiledScript, session: Session, now: number): TurnResult | undefined {
  if (session.status !== 'active' || now - session.updatedAt <= script.settings.expiresAfterMs) return undefined;
  return {
    session: { ...withoutHalf(session), status: 'abandoned', current: null, updatedAt: now },
    outputs: [message(t(script, session.locale, 'survey.expired'))],
    events: [{ type: 'survey.abandoned', responseId: session.responseId, questionId: session.current, at: now }],
  };
}

function startSurvey(script: CompiledScript, start: Omit<Extract<TurnInput, { type: 'start' }>, 'type'>, deps: TurnDeps): TurnResult {
  const now = deps.clock.now();
  const session: Session = {
    v: 1,
    surveyId: script.id,
    version: script.version,
    locale: matchLocale(start.locale, script.locales, script.defaultLocale),
    responseId: deps.newId(),
    status: 'active',
    current: null,
    attempts: 0,
    answers: {},
    sentiment: {},
    raised: [],
    context: { customer: start.customer ?? {}, order: start.order ?? {} },
    segments: resolveSegments(script.segments, { customer: start.customer ?? {}, order: start.order ?? {} }),
    startedAt: now,
    updatedAt: now,
  };
  const turn = new Turn(script, session, deps);
  turn.begin();
  return turn.result();
}

class Turn {
  private readonly outputs: Output[] = [];
  private readonly events: SurveyEvent[] = [];
  private readonly now: number;
  /** What the customer typed this turn, for keyword rules. */
  private typed = '';
  /** A raised rule (or the customer) wants a person now: the next question waits. */
  private pausing = false;
  /** A raised rule ends the survey now. */
  private ending = false;

  constructor(
    private readonly script: CompiledScript,
    private session: Session,
    private readonly deps: TurnDeps,
    /** The customer comes back after a pause: what they say may not be meant as an answer. */
    private readonly returning = false,
  ) {
    this.now = session.updatedAt;
  }

  result(): TurnResult {
    return { session: this.session, outputs: this.outputs, events: this.inScriptOrder(this.events) };
  }

  /** Keyword rules are checked before the answer is recorded and the others after, so the
   * escalations of one turn are put back in the order the script lists them (a request for a
   * person first). They stay where the first of them was among the turn's other events. */
  private inScriptOrder(events: SurveyEvent[]): SurveyEvent[] {
    const rank = (e: SurveyEvent) => (e.type === 'escalation.requested' && e.ruleId ? this.script.escalation.findIndex((r) => r.id === e.ruleId) : -1);
    const raised = events.filter((e) => e.type === 'escalation.requested');
    if (raised.length < 2) return events;
    const sorted = [...raised].sort((a, b) => rank(a) - rank(b));
    let i = 0;
    return events.map((e) => (e.type === 'escalation.requested' ? sorted[i++]! : e));
  }

  begin(): void {
    const { session } = this;
    this.events.push({
      type: 'survey.started',
      responseId: session.responseId,
      surveyId: session.surveyId,
      version: session.version,
      locale: session.locale,
      customer: session.context.customer,
      order: session.context.order,
      ...(session.segments && Object.keys(session.segments).length ? { segments: session.segments } : {}),
      at: this.now,
    });
    if (this.script.intro) this.say(say(this.script, session, this.script.intro));
    this.askFrom(0);
  }

  handle(input: Exclude<TurnInput, { type: 'start' }>): void {
    const q = this.currentQuestion();
    if (this.session.status !== 'active' || !q) {
      const key = this.session.status === 'opted_out' ? 'survey.opted_out' : 'survey.already_completed';
      this.say(this.t(key));
      return;
    }
    if (input.type === 'resume') {
      this.say(this.t('handoff.resume'));
      this.ask(q, false);
      return;
    }
    if (input.type === 'text') return this.handleText(q, input.text);
    if (input.questionId !== promptId(q.id, this.halfOf(q))) {
      // A button from a question already answered: say so and show where we are instead.
      this.say(this.t('button.stale'));
      this.ask(q, false);
      return;
    }
    if (input.type === 'skip') return this.skip(q, '');
    const raw = typeof input.value === 'string' ? input.value : (JSON.stringify(input.value) ?? '');
    this.handleAnswer(q, understandButton(q, input.value), raw);
  }

  private handleText(q: CompiledQuestion, rawText: string): void {
    const text = normalizeInput(rawText);
    const written = cleanFreeText(rawText);
    if (text === '') return this.handleAnswer(q, { ok: false, reason: 'empty' }, '');
    const intent = text.length <= MAX_ANSWER_CHARS ? recognizeIntent(text, this.session.locale) : undefined;
    if (intent === 'stop') return this.optOut(q);
    this.typed = written;
    this.raiseEscalations();
    if (intent === 'skip') return this.skip(q, written);
    if (intent === 'agent') {
      this.requestPerson();
      // An open answer that also asks for a person is still an answer; keep it.
      if (q.type !== 'text') return this.ask(q, false);
    }
    if (q.type === 'text') return this.handleAnswer(q, understandText(q, written, this.session.locale), written);
    if (text.length > MAX_ANSWER_CHARS) return this.handleAnswer(q, { ok: false, reason: 'not_understood' }, written);
    const result = understandText(q, text, this.session.locale);
    // Words that mean "nothing" ("none" to a multiple choice) read as empty: a skip where allowed.
    if (!result.ok && result.reason === 'empty') {
      return q.required ? this.handleAnswer(q, { ok: false, reason: 'not_understood' }, written) : this.skip(q, written);
    }
    this.handleAnswer(q, result, written);
  }

  private handleAnswer(q: CompiledQuestion, result: Recognized<AnswerValue>, raw: string): void {
    if (result.ok) {
      if (q.type === 'kano') return this.answerKano(q, result.value as KanoAnswer, raw);
      this.record(q, result.value, raw);
      if (this.ending) return this.complete();
      this.askAfter(q);
      return;
    }
    // The person who takes over reads what was typed; the question waits for the survey to go on.
    if (this.ending) return this.complete();
    if (this.pausing) return;
    if (this.returning) {
      // "Hi, I'm back" is not a failed answer: say where we are and ask again, uncounted.
      this.say(this.t('survey.resumed'));
      this.ask(q, false);
      return;
    }
    // An empty message is not an attempt: nothing was said that we failed to understand.
    const attempts = result.reason === 'empty' ? this.session.attempts : this.session.attempts + 1;
    if (attempts > this.script.settings.maxReasks) return this.giveUp(q, raw, attempts);
    this.session = { ...this.session, attempts };
    this.say(reaskHint(this.script, this.session.locale, q, result.reason));
    this.ask(q, true);
  }

  /**
   * A Kano question is answered in two turns: the first half waits in the session (not recorded:
   * half a pair has no category) while the second is asked; the second records both, as
   * [functional, dysfunctional], as one answer.
   */
  private answerKano(q: CompiledQuestion, answer: KanoAnswer, raw: string): void {
    const first = this.halfOf(q) === 'dysfunctional' ? this.session.kano : undefined;
    if (!first) {
      this.session = { ...this.session, kano: { questionId: q.id, functional: answer, raw: raw.slice(0, MAX_RAW_CHARS) }, attempts: 0 };
      if (this.ending) return this.complete();
      this.ask(q, false);
      return;
    }
    this.record(q, [first.functional, answer], `${first.raw} / ${raw}`);
    if (this.ending) return this.complete();
    this.askAfter(q);
  }

  /** Which half of a Kano question is waiting (other questions have only the one). */
  private halfOf(q: CompiledQuestion): KanoHalf {
    return q.type === 'kano' && this.session.kano?.questionId === q.id ? 'dysfunctional' : 'functional';
  }

  private record(q: CompiledQuestion, value: AnswerValue, raw: string): void {
    const { locale } = this.session;
    const analysis = q.type === 'text' && typeof value === 'string' ? this.deps.sentiment?.analyze(value, locale, this.script.aspects[locale]) : undefined;
    // An answer the scorer is unsure of says nothing clear enough to contradict a rating.
    const mismatch = analysis && analysis.label !== 'unsure' ? this.mismatchWith(q, analysis.score) : undefined;
    this.session = {
      ...this.session,
      answers: { ...this.session.answers, [q.id]: value },
      ...(analysis
        ? {
            sentiment: { ...this.session.sentiment, [q.id]: analysis.score },
            sentimentLabel: { ...this.session.sentimentLabel, [q.id]: analysis.label },
            confidence: { ...this.session.confidence, [q.id]: analysis.confidence },
            mentioned: { ...this.session.mentioned, [q.id]: analysis.aspects.map((a) => a.aspect) },
          }
        : {}),
      ...(mismatch ? { mismatched: [...(this.session.mismatched ?? []), q.id] } : {}),
    };
    this.events.push({
      type: 'answer.recorded',
      responseId: this.session.responseId,
      questionId: q.id,
      value,
      raw: raw.slice(0, MAX_RAW_CHARS),
      attempts: this.session.attempts + 1,
      ...(q.aspect ? { aspect: q.aspect } : {}),
      ...(analysis
        ? { sentiment: analysis.score, sentimentLabel: analysis.label, sentimentConfidence: analysis.confidence, ...(analysis.drivers.length ? { drivers: analysis.drivers } : {}), aspects: analysis.aspects.map(({ aspect, score }) => ({ aspect, score })) }
        : {}),
      at: this.now,
    });
    if (mismatch) this.events.push({ type: 'answer.mismatch', responseId: this.session.responseId, questionId: q.id, ...mismatch, at: this.now });
    this.raiseEscalations();
  }

  /**
   * A top rating followed by a clearly negative comment, or the reverse: the customer may have
   * mis-clicked, or be polite in the score and honest in the words. The rating compared is the
   * last one answered before this question.
   */
  private mismatchWith(q: CompiledQuestion, score: number): { ratingQuestionId: string; kind: 'high_rating_negative_text' | 'low_rating_positive_text' } | undefined {
    const rating = this.script.questions
      .slice(0, q.index)
      .reverse()
      .find((c) => c.type === 'rating' && typeof this.session.answers[c.id] === 'number');
    if (!rating || rating.type !== 'rating') return undefined;
    const { min, max } = rating.rating;
    const position = ((this.session.answers[rating.id] as number) - min) / (max - min);
    if (position >= HIGH_RATING && score <= -CLEAR_SENTIMENT) return { ratingQuestionId: rating.id, kind: 'high_rating_negative_text' };
    if (position <= LOW_RATING && score >= CLEAR_SENTIMENT) return { ratingQuestionId: rating.id, kind: 'low_rating_positive_text' };
    return undefined;
  }

  private skip(q: CompiledQuestion, raw: string): void {
    if (q.required) {
      this.say(this.t('skip.required'));
      this.ask(q, true);
      return;
    }
    this.markSkipped(q, raw, 'customer');
    this.say(this.t('skip.done'));
    this.askAfter(q);
  }

  private giveUp(q: CompiledQuestion, raw: string, attempts: number): void {
    this.session = { ...this.session, attempts };
    this.markSkipped(q, raw, 'not_understood');
    if (this.script.settings.onGiveUp === 'end') {
      this.say(this.t('giveup.end'));
      this.complete();
      return;
    }
    this.say(this.t('giveup.skip'));
    this.askAfter(q);
  }

  private markSkipped(q: CompiledQuestion, raw: string, reason: 'customer' | 'not_understood'): void {
    this.session = { ...this.session, answers: { ...this.session.answers, [q.id]: null } };
    this.events.push({
      type: 'answer.skipped',
      responseId: this.session.responseId,
      questionId: q.id,
      reason,
      raw: raw.slice(0, MAX_RAW_CHARS),
      attempts: this.session.attempts,
      at: this.now,
    });
  }

  private optOut(q: CompiledQuestion): void {
    this.session = { ...withoutHalf(this.session), status: 'opted_out', current: null };
    this.events.push({ type: 'survey.opted_out', responseId: this.session.responseId, questionId: q.id, at: this.now });
    this.say(this.t('stop.confirmed'));
  }

  /** With a person available the survey pauses for them (the caller says they are coming);
   * without, the customer is told the team will get in touch and the survey goes on. */
  private requestPerson(): void {
    if (!this.session.raised.includes(CUSTOMER_REQUEST)) {
      this.session = { ...this.session, raised: [...this.session.raised, CUSTOMER_REQUEST] };
      this.events.push({
        type: 'escalation.requested',
        responseId: this.session.responseId,
        reason: 'customer',
        priority: 'high',
        then: 'pause',
        // What they wrote, so the person who takes over reads the request in their words.
        ...(this.typed ? { matched: this.typed.slice(0, MAX_RAW_CHARS) } : {}),
        at: this.now,
      });
    }
    if (this.deps.handoff) this.pausing = true;
    else this.say(this.t('agent.requested'));
  }

  private raiseEscalations(): void {
    const scope = this.scope();
    for (const rule of this.script.escalation) {
      if (this.session.raised.includes(rule.id)) continue;
      if (rule.when && !evaluateCondition(rule.when, rule.minConfidence === undefined ? scope : this.sureScope(scope, rule.minConfidence))) continue;
      const matched = rule.keywords ? this.keywordIn(rule) : undefined;
      if (rule.keywords && matched === undefined) continue;
      this.session = { ...this.session, raised: [...this.session.raised, rule.id] };
      this.events.push({
        type: 'escalation.requested',
        responseId: this.session.responseId,
        reason: 'rule',
        ruleId: rule.id,
        priority: rule.priority,
        then: rule.then,
        ...(matched !== undefined ? { matched } : {}),
        at: this.now,
      });
      if (!this.deps.handoff) continue;
      if (rule.then === 'pause') this.pausing = true;
      if (rule.then === 'end') this.ending = true;
    }
  }

  private keywordIn(rule: CompiledRule): string | undefined {
    const words = rule.keywords?.[this.session.locale];
    return this.typed && words ? matchKeyword(this.typed, words) : undefined;
  }

  /** Follows the answered question's jumps (first that holds), else goes on in order. */
  private askAfter(q: CompiledQuestion): void {
    const scope = this.scope();
    const jump = q.jumps.find((j) => !j.when || evaluateCondition(j.when, scope));
    if (jump?.to === END) return this.complete();
    this.askFrom(jump ? this.script.indexById.get(jump.to)! : q.index + 1);
  }

  /** Asks the first question from `index` on whose show-if holds; a passed-over question's own
   * jumps are not followed, because it was never answered. */
  private askFrom(index: number): void {
    const scope = this.scope();
    const q = this.script.questions.slice(index).find((c) => !c.when || evaluateCondition(c.when, scope));
    if (!q) return this.complete();
    this.session = { ...withoutHalf(this.session), current: q.id, attempts: 0 };
    this.ask(q, false);
  }

  private complete(): void {
    const scope = this.scope();
    const ending = this.script.endings.find((e) => !e.when || evaluateCondition(e.when, scope)) ?? this.script.endings.at(-1)!;
    this.session = { ...withoutHalf(this.session), status: 'completed', current: null };
    this.events.push({ type: 'survey.completed', responseId: this.session.responseId, endingId: ending.id, at: this.now });
    this.say(say(this.script, this.session, ending.text));
  }

  private currentQuestion(): CompiledQuestion | undefined {
    const i = this.session.current === null ? undefined : this.script.indexById.get(this.session.current);
    return i === undefined ? undefined : this.script.questions[i];
  }

  private scope(): ConditionScope {
    const { answers, sentiment, sentimentLabel, confidence, context, mentioned, mismatched } = this.session;
    return { answers, sentiment, sentimentLabel, confidence, customer: context.customer, order: context.order, mentioned, mismatched };
  }

  /** The scope a rule with `minConfidence` sees: what the scorer was less sure of is unknown. */
  private sureScope(scope: ConditionScope, min: number): ConditionScope {
    const sure = (id: string) => (scope.confidence?.[id] ?? 0) >= min;
    const keep = <T>(record: Readonly<Record<string, T>> | undefined) => (record ? Object.fromEntries(Object.entries(record).filter(([id]) => sure(id))) : undefined);
    return { ...scope, sentiment: keep(scope.sentiment) ?? {}, sentimentLabel: keep(scope.sentimentLabel), mismatched: scope.mismatched?.filter(sure) };
  }

  private ask(q: CompiledQuestion, reask: boolean): void {
    if (this.pausing) return;
    this.outputs.push(renderQuestion(this.script, this.session, q, reask, this.halfOf(q)));
  }

  private say(text: string): void {
    if (text) this.outputs.push(message(text));
  }

  private t(key: string, params?: Record<string, string | number>): string {
    return t(this.script, this.session.locale, key, params);
  }
}

/** The session without a Kano question's first half: it belongs to the question waiting, and
 * goes when another question is asked or the survey ends. */
function withoutHalf(session: Session): Session {
  if (!session.kano) return session;
  const { kano: _first, ...rest } = session;
  return rest;
}
