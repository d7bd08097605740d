import { isKanoAnswer, type KanoAnswer } from '../results/kano.js';
import { isWholeWord, recognizeChoice } from './choice.js';
import { foldForMatch } from './normalize.js';
import type { ChoiceCandidate, Recognized } from './types.js';

/** "not", "don't", "no", "nunca", 不, 没…: a negation the matched words do not account for. */
const NEGATION = /(?<![\p{L}\p{N}])(?:not|no|never|nor|neither|hardly|cannot|dont|doesnt|didnt|wont|wouldnt|cant|couldnt|isnt|wasnt|nunca|jamas|tampoco|ni)(?![\p{L}\p{N}])|n't(?![\p{L}\p{N}])|[不没未]/u;

/**
 * One of the five Kano answers from what the customer typed: a label or one of its words
 * (kanoWords.ts), a position ("3", "the third", "第三个"), or such words inside a sentence, as
 * for any single choice. One thing more: a negation left over once the answer's words are taken
 * out ("I don't really like it") makes the answer not understood, because reading it as "like"
 * would record the opposite of what was meant; the customer is asked again.
 */
export function recognizeKano(text: string, options: readonly ChoiceCandidate[], locale: string): Recognized<KanoAnswer> {
  const result = recognizeChoice(text, [...options], locale);
  if (!result.ok) return result;
  if (!isKanoAnswer(result.value)) return { ok: false, reason: 'not_understood' };
  const rest = withoutNames(foldForMatch(text, locale), options, locale);
  return NEGATION.test(rest) ? { ok: false, reason: 'not_understood' } : { ok: true, value: result.value };
}

/** The answer with every option name blanked out, longer names first (as the recognizer matches). */
function withoutNames(folded: string, options: readonly ChoiceCandidate[], locale: string): string {
  const names = options
    .flatMap((o) => o.names.map((n) => foldForMatch(n, locale)))
    .filter((n) => n !== '')
    .sort((a, b) => b.length - a.length);
  let text = folded;
  for (const name of names) {
    for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
      if (isWholeWord(text, at, at + name.length)) text = `${text.slice(0, at)}${' '.repeat(name.length)}${text.slice(at + name.length)}`;
    }
  }
  return text;
}
