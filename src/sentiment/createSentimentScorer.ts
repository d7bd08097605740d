import type { SentimentResult, SentimentScorer, TextAnalysis } from '../core/ports.js';
import { AspectTagger } from './AspectTagger.js';
import { language } from '../core/recognize/normalize.js';
import { chinese } from './lexicons/chinese.js';
import { english } from './lexicons/english.js';
import { spanish } from './lexicons/spanish.js';
import { LexiconScorer } from './LexiconScorer.js';

/** Answers longer than this are scored on their beginning; a survey answer is rarely longer. */
const MAX_CHARS = 20_000;

/** One scorer per language, built once at start; other languages fall back to English. */
export function createSentimentScorer(): SentimentScorer & { scoreDetailed(text: string, locale: string): ReturnType<LexiconScorer['score']> } {
  const scorers = { en: new LexiconScorer(english), es: new LexiconScorer(spanish), zh: new LexiconScorer(chinese) };
  const pick = (locale: string) => {
    const lang = language(locale);
    return lang === 'other' ? scorers.en : scorers[lang];
  };
  const score = (text: string, locale: string): SentimentResult => {
    const { hits: _hits, ...result } = pick(locale).score(text.slice(0, MAX_CHARS));
    return result;
  };
  const tagger = new AspectTagger(score);
  return {
    scoreDetailed: (text, locale) => pick(locale).score(text.slice(0, MAX_CHARS)),
    score,
    analyze(text: string, locale: string, extraAspects?: Readonly<Record<string, readonly string[]>>): TextAnalysis {
      const clipped = text.slice(0, MAX_CHARS);
      return { ...score(clipped, locale), aspects: tagger.tag(clipped, locale, extraAspects) };
    },
  };
}
