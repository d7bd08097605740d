import { SatisfyError } from '../errors.js';

/** An append to a conversation that was never opened, expired or was erased: the client's
 * token can outlive it, so this is a 404 for them, not our fault. */
export function noConversation(): SatisfyError {
  return new SatisfyError('NOT_FOUND', 'No such conversation.');
}
