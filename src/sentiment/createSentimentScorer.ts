import type { SentimentResult, SentimentScorer, TextAnalysis } from '../core/ports.js';
import { AspectTagger } from './AspectTagger.js';
import { language } from '../core/recognize/normalize.js';
import { chinese } from './lexicons/chinese.js';
import { english } from './lexicons/english.js';
import { spanish } from './lexicons/spanish.js';
import { LexiconScorer } from './LexiconScorer.js';
import { once } from './once.js';

/** Answers longer than this are scored on their beginning; a survey answer is rarely longer. */
const MAX_CHARS = 20_000;

/** One scorer per language, built on its first answer (or by warmUpSentiment), then shared:
 * a scorer holds no state between answers. */
const scorers = { en: once(() => new LexiconScorer(english())), es: once(() => new LexiconScorer(spanish())), zh: once(() => new LexiconScorer(chinese())) };

/**
 * Builds the scorers now, one language per call of `next` (each takes up to a few hundred ms of
 * CPU), so that a process can do it after it is ready, between requests, instead of in its
 * start or in a customer's first open answer. Scoring does not depend on it: an answer that
 * comes first builds what it needs itself, and gets the same result.
 */
export function warmUpSentiment(next: (step: () => void) => void = (step) => step()): void {
  const steps = Object.values(scorers);
  const run = (i: number) => {
    if (i < steps.length)
      next(() => {
        steps[i]!();
        run(i + 1);
      });
  };
  run(0);
}

export function createSentimentScorer(): SentimentScorer & { scoreDetailed(text: string, locale: string): ReturnType<LexiconScorer['score']> } {
  const pick = (locale: string) => {
    const lang = language(locale);
    return lang === 'other' ? scorers.en() : scorers[lang]();
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
