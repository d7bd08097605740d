import { randomBytes } from 'node:crypto';

/**
 * Names for saved turns (ConversationData.turn), unique across processes: a random prefix
 * drawn once per process (48 bits, as random as the per-turn draw it replaces) and a counter,
 * so a turn costs an increment instead of a call into the crypto library.
 */
export function turnTokens(): () => string {
  const prefix = randomBytes(6).toString('base64url');
  let count = 0;
  return () => prefix + (count++).toString(36);
}
