import type { Activity } from 'botbuilder';
import type { TranscriptEntry } from '../core/cases.js';
import { transcriptIds } from '../core/transcriptIds.js';
import { renderActivity } from './renderActivity.js';
import type { TurnEffects } from './SurveyDialog.js';

/**
 * A turn as the customer saw it, for the case its conversation has: what they typed (or the
 * button they pressed) and every message the bot sent, including the promise of a person and
 * everything after it. Lines are keyed (by `turn`, the activity id) so a replayed turn adds
 * nothing; survey lines carry the ids the case's snapshot uses, so the two merge. The agent's
 * own messages and the customer's words during a handoff (`noted`) are kept by the desk.
 */
export function turnTranscript(activity: Partial<Activity>, effects: TurnEffects, noted: boolean, turn: string, at: string): TranscriptEntry[] {
  const entries: TranscriptEntry[] = [];
  const text = activity.type === 'message' && typeof activity.text === 'string' ? activity.text.trim() : '';
  if (text && !noted) {
    const answer = effects.events.find((e) => e.type === 'answer.recorded' || e.type === 'answer.skipped');
    const id = answer && 'questionId' in answer ? transcriptIds(answer.responseId).answer(answer.questionId) : `${turn}:in`;
    entries.push({ at, from: 'customer', text, id, ...(answer && 'questionId' in answer ? { name: answer.questionId } : {}) });
  }
  // An agent's message is on the case already, as theirs.
  if (activity.name !== 'handoff.message') {
    const responseId = effects.survey?.responseId;
    effects.outputs.forEach((output, i) => {
      const shown = renderActivity(output).text ?? '';
      const ids = responseId ? transcriptIds(responseId) : undefined;
      const known = output.type === 'question' ? (output.reask ? undefined : ids?.question(output.questionId)) : output.end ? ids?.ending : undefined;
      entries.push({ at, from: 'bot', text: shown, id: known ?? `${turn}:out:${i}`, ...(output.type === 'question' ? { name: output.questionId } : {}) });
    });
  }
  return entries;
}
