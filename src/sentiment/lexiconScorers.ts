import { language } from '../core/recognize/normalize.js';
import { chinese } from './lexicons/chinese.js';
import { english } from './lexicons/english.js';
import { spanish } from './lexicons/spanish.js';
import { LexiconScorer } from './LexiconScorer.js';
import { once } from './once.js';

/** One rule scorer per language, built on first use (up to a few hundred ms: natural's word
 * lists), then shared: a scorer holds no state between answers. */
export const lexiconScorers = { en: once(() => new LexiconScorer(english())), es: once(() => new LexiconScorer(spanish())), zh: once(() => new LexiconScorer(chinese())) };

/** The rule scorer of a locale's language (English for a language we have no lexicon of). */
export function lexiconScorer(locale: string): LexiconScorer {
  const lang = language(locale);
  return lexiconScorers[lang === 'other' ? 'en' : lang]();
}
