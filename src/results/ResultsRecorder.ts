import type { Logger } from 'pino';
import type { SurveyEvent } from '../core/events.js';
import type { AggregateStore, ResponseStore, SurveyResponse } from '../core/ports.js';
import { maskPersonalData } from '../core/privacy/maskPersonalData.js';
import { aggregateEvent, groupsOf, isAspectRating, type ResponseFacts } from '../core/results/aggregateEvent.js';
import type { CompiledScript } from '../core/script/compiled.js';
import { phrasesOf } from '../sentiment/findThemes.js';

/** Enough phrases to find themes by; a long answer does not grow the counters without end. */
const MAX_PHRASES_PER_ANSWER = 12;

export interface ResultsRecorderDeps {
  aggregates: AggregateStore;
  responses: ResponseStore;
  script: (surveyId: string, version: number) => Promise<CompiledScript>;
  log: Logger;
}

/** Responses whose facts this process keeps between turns (a few KB each at most). */
const KNOWN_RESPONSES = 20_000;

/**
 * Adds a turn's events to the survey's results, after the response store has them. The groups
 * a response counts in and the answers that came before it (driver pairs) are known from the
 * turns this process counted; a response it has not seen start, or a pair partner it has not
 * seen answered (another instance took that turn), is read from the response store. Each event
 * is applied once (AggregateStore), so the whole batch may be retried.
 */
export class ResultsRecorder {
  private readonly known = new Map<string, ResponseFacts>();

  constructor(private readonly deps: ResultsRecorderDeps) {}

  /** `channel`: the turn's channel, needed to count a response's start without reading it. */
  async record(events: readonly SurveyEvent[], channel?: string): Promise<void> {
    const byResponse = new Map<string, SurveyEvent[]>();
    for (const e of events) {
      const list = byResponse.get(e.responseId);
      if (list) list.push(e);
      else byResponse.set(e.responseId, [e]);
    }
    for (const [responseId, list] of byResponse) {
      let facts = this.known.get(responseId) ?? (channel ? startFacts(list, channel) : undefined);
      const script = facts ? await this.deps.script(facts.surveyId, facts.version) : undefined;
      if (!facts || !script || missingPartner(list, facts, script)) {
        const stored = await this.deps.responses.get(responseId);
        // Erased, or expired before a late retry: nothing to count it under.
        if (!stored) {
          this.known.delete(responseId);
          this.deps.log.debug({ responseId }, 'results: response not found, events not counted');
          continue;
        }
        facts = factsOf(stored);
      }
      // Worked out once per response: its updates share one groups object (encoded once, too).
      if (!facts.groups) facts = { ...facts, groups: groupsOf(facts) };
      await this.count(facts, list);
      this.remember(responseId, facts, list);
    }
  }

  /** Counts events of one stored response (live, or rebuilt from the store). */
  async apply(stored: SurveyResponse, events: readonly SurveyEvent[]): Promise<void> {
    await this.count(factsOf(stored), events);
  }

  private async count(response: ResponseFacts, events: readonly SurveyEvent[]): Promise<void> {
    const script = await this.deps.script(response.surveyId, response.version);
    const raws = new Map(events.flatMap((e) => (e.type === 'answer.recorded' ? [[e.questionId, e.raw] as const] : [])));
    const phrases = (questionId: string) => {
      const raw = raws.get(questionId);
      // Themes outlive the response: an e-mail address or phone number in it never becomes one.
      return raw ? [...phrasesOf(maskPersonalData(raw), response.locale)].slice(0, MAX_PHRASES_PER_ANSWER) : [];
    };
    const ctx = { script, response, phrases };
    const updates = events.flatMap((event) => aggregateEvent(event, ctx) ?? []);
    // One step for the whole turn: a turn's events are counted together, each exactly once.
    if (updates.length) await this.deps.aggregates.applyAll(updates);
  }

  /** Keeps what later turns of the response need; forgets it when the survey is over. */
  private remember(responseId: string, facts: ResponseFacts, events: readonly SurveyEvent[]): void {
    this.known.delete(responseId);
    if (events.some((e) => e.type === 'survey.completed' || e.type === 'survey.opted_out' || e.type === 'survey.abandoned')) return;
    const answers = { ...facts.answers };
    for (const e of events) {
      if (e.type === 'answer.recorded') answers[e.questionId] = e.value;
      else if (e.type === 'answer.skipped') answers[e.questionId] = null;
    }
    this.known.set(responseId, { ...facts, answers });
    if (this.known.size > KNOWN_RESPONSES) this.known.delete(this.known.keys().next().value!);
  }
}

/** The facts of a response whose start is in this turn. */
function startFacts(events: readonly SurveyEvent[], channel: string): ResponseFacts | undefined {
  const start = events.find((e) => e.type === 'survey.started');
  if (start?.type !== 'survey.started') return undefined;
  return { surveyId: start.surveyId, version: start.version, locale: start.locale, channel, ...(start.segments ? { segments: start.segments } : {}), answers: {} };
}

/** True when an answer of the turn pairs with an earlier question whose answer is not known here. */
function missingPartner(events: readonly SurveyEvent[], facts: ResponseFacts, script: CompiledScript): boolean {
  const outcome = script.outcome;
  if (!outcome) return false;
  const outcomeAt = script.indexById.get(outcome) ?? -1;
  return events.some((e) => {
    if (e.type !== 'answer.recorded' || typeof e.value !== 'number') return false;
    const at = script.indexById.get(e.questionId) ?? -1;
    if (e.questionId === outcome) return script.questions.slice(0, at).some((q) => isAspectRating(q) && !(q.id in facts.answers));
    return isAspectRating(script.questions[at]!) && outcomeAt < at && !(outcome in facts.answers);
  });
}

export function factsOf(r: SurveyResponse): ResponseFacts {
  return {
    surveyId: r.surveyId,
    version: r.surveyVersion,
    locale: r.locale,
    channel: r.channel,
    ...(r.segments ? { segments: r.segments } : {}),
    answers: Object.fromEntries(Object.entries(r.answers).map(([q, a]) => [q, a.skipped ? null : a.value])),
  };
}
