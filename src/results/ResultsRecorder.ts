import type { Logger } from 'pino';
import type { SurveyEvent } from '../core/events.js';
import type { AggregateStore, ResponseStore, SurveyResponse } from '../core/ports.js';
import { aggregateEvent, type ResponseFacts } from '../core/results/aggregateEvent.js';
import type { CompiledScript } from '../core/script/compiled.js';
import { maskPersonalData } from '../core/privacy/maskPersonalData.js';
import { phrasesOf } from '../sentiment/findThemes.js';

/** Enough phrases to find themes by; a long answer does not grow the counters without end. */
const MAX_PHRASES_PER_ANSWER = 12;

export interface ResultsRecorderDeps {
  aggregates: AggregateStore;
  responses: ResponseStore;
  script: (surveyId: string, version: number) => Promise<CompiledScript>;
  log: Logger;
}

/**
 * Adds a turn's events to the survey's results, after the response store has them: the
 * stored response says which groups it counts in and which answers came before (driver
 * pairs). Each event is applied once (AggregateStore), so the whole batch may be retried.
 */
export class ResultsRecorder {
  constructor(private readonly deps: ResultsRecorderDeps) {}

  async record(events: readonly SurveyEvent[]): Promise<void> {
    const byResponse = new Map<string, SurveyEvent[]>();
    for (const e of events) byResponse.set(e.responseId, [...(byResponse.get(e.responseId) ?? []), e]);
    for (const [responseId, list] of byResponse) {
      const stored = await this.deps.responses.get(responseId);
      // Erased, or expired before a late retry: nothing to count it under.
      if (!stored) {
        this.deps.log.debug({ responseId }, 'results: response not found, events not counted');
        continue;
      }
      await this.apply(stored, list);
    }
  }

  /** Counts events of one stored response (live, or rebuilt from the store). */
  async apply(stored: SurveyResponse, events: readonly SurveyEvent[]): Promise<void> {
    const script = await this.deps.script(stored.surveyId, stored.surveyVersion);
    const response = factsOf(stored);
    const phrases = (questionId: string) => {
      const raw = stored.answers[questionId]?.raw;
      // From the masked text: aggregates are anonymous, so an email or a phone number typed
      // into an answer must never become a counted phrase.
      return raw ? [...phrasesOf(maskPersonalData(raw), stored.locale)].slice(0, MAX_PHRASES_PER_ANSWER) : [];
    };
    for (const event of events) {
      const update = aggregateEvent(event, { script, response, phrases });
      if (update) await this.deps.aggregates.apply(update);
    }
  }
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
