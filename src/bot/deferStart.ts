import type { SurveyEvent } from '../core/events.js';

type Started = Extract<SurveyEvent, { type: 'survey.started' }>;

/** Events that make a survey a response: the customer answered, skipped, or asked for a person. */
const ENGAGES: ReadonlySet<SurveyEvent['type']> = new Set(['answer.recorded', 'answer.skipped', 'escalation.requested']);
/** Events that close a response, meaningless for one that never started. */
const FINISHES: ReadonlySet<SurveyEvent['type']> = new Set(['survey.completed', 'survey.opted_out', 'survey.abandoned']);

/**
 * A response counts as started when the customer first engages, not when the chat opens (a
 * page opened and left is no response in scores or exports). The survey's start is held back
 * in the conversation until then and put in front of the first event that engages; a survey
 * that ends before that leaves nothing behind.
 *
 * Returns the events to record and the start still held back (undefined once released).
 */
export function deferStart(events: readonly SurveyEvent[], held: Started | undefined): { record: SurveyEvent[]; held: Started | undefined } {
  const record: SurveyEvent[] = [];
  let waiting = held;
  for (const event of events) {
    if (event.type === 'survey.started') {
      waiting = event;
      continue;
    }
    if (waiting && event.responseId === waiting.responseId) {
      if (ENGAGES.has(event.type)) {
        record.push(waiting);
        waiting = undefined;
      } else if (FINISHES.has(event.type)) {
        continue;
      }
    }
    record.push(event);
  }
  return { record, held: waiting };
}
