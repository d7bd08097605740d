import type { Activity } from 'botbuilder';
import type { TurnInput } from '../core/engine/runTurn.js';

/** Button presses carry this in `activity.value`, so typed text and clicks are told apart. */
export interface ButtonValue {
  satisfy: { questionId: string; answer?: unknown; skip?: boolean };
}

export function isButtonValue(value: unknown): value is ButtonValue {
  if (typeof value !== 'object' || value === null) return false;
  const inner = (value as { satisfy?: unknown }).satisfy;
  return typeof inner === 'object' && inner !== null && typeof (inner as { questionId?: unknown }).questionId === 'string';
}

export function inputFromActivity(activity: Partial<Activity>): Exclude<TurnInput, { type: 'start' }> {
  // The only events that reach a running survey are a person handing the chat back to the bot.
  if (activity.type === 'event') return { type: 'resume' };
  if (isButtonValue(activity.value)) {
    const { questionId, answer, skip } = activity.value.satisfy;
    return skip ? { type: 'skip', questionId } : { type: 'answer', questionId, value: answer };
  }
  return { type: 'text', text: typeof activity.text === 'string' ? activity.text : '' };
}
