import { SatisfyError } from '../errors.js';

/** A web chat conversation at its activity cap: a flood stops growing the log (and the memory
 * or Redis behind it); a real customer never gets near it. */
export function conversationFull(max: number): SatisfyError {
  return new SatisfyError('CONVERSATION_FULL', `This conversation has reached its limit of ${max} activities; please start a new conversation.`);
}
