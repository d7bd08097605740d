import { EMOJI } from '../lexicons/LanguageRules.js';

/**
 * Features whose direction is known before training: the lexicon's reading (`L:`) and emoji
 * with a valence. Training keeps a negative-side feature's negative weight the highest and its
 * positive weight no higher than neutral's and mixed's (and the reverse for the positive side),
 * so a more negative lexicon reading or a 😡 more can never lower the probability of
 * "negative": confidence is monotone in them, whatever the small data says.
 */
export function featureSide(name: string): -1 | 0 | 1 {
  // The lexicon's readings are numbers that rise with praise (score, last, min, max clause).
  if (name.startsWith('L:')) return 1;
  if (name.startsWith('e:')) {
    const value = EMOJI[name.slice(2)] ?? 0;
    return value > 0 ? 1 : value < 0 ? -1 : 0;
  }
  return 0;
}
