import { existsSync } from 'node:fs';
import type { SentimentResult, SentimentScorer, TextAnalysis } from '../core/ports.js';
import { language } from '../core/recognize/normalize.js';
import { AspectTagger } from './AspectTagger.js';
import { LearnedScorer } from './learned/LearnedScorer.js';
import { loadSentimentModel, modelFile, MODELS_DIR } from './learned/loadSentimentModel.js';
import type { ModelLanguage } from './learned/SentimentModel.js';
import { scoreLongText } from './learned/scoreLongText.js';
import { lexiconScorer, lexiconScorers } from './lexiconScorers.js';
import { EMOTICON } from './lexicons/LanguageRules.js';

/** Answers longer than this are scored on their beginning; a survey answer is rarely longer. */
const MAX_CHARS = 20_000;
const LANGUAGES: readonly ModelLanguage[] = ['en', 'es', 'zh'];
/** A letter, a digit, an emoji or an emoticon: without one, an answer says nothing to read. */
const SAYS_SOMETHING = new RegExp(`[\\p{L}\\p{N}\\p{Extended_Pictographic}]|${EMOTICON.source}`, 'u');
/** Nothing said is sure to be neutral (a model would guess from its biases alone). */
const NOTHING_SAID: SentimentResult = { score: 0, label: 'neutral', confidence: 1, drivers: [] };

export interface SentimentScorerOptions {
  /** Where the model files are (config's `sentimentModelsDir`); the source tree's by default. */
  modelsDir?: URL | string;
}

/** Models by directory and language, loaded on first use and shared: a scorer holds no state
 * between answers, and two apps in one process need not parse the files twice. */
const models = new Map<string, LearnedScorer>();

function model(dir: URL | string, lang: ModelLanguage): LearnedScorer {
  const key = `${String(dir)}\n${lang}`;
  let scorer = models.get(key);
  if (!scorer) models.set(key, (scorer = new LearnedScorer(loadSentimentModel(lang, dir))));
  return scorer;
}

/**
 * Builds the scorers now, one step per call of `next` (each takes up to a few hundred ms of
 * CPU), so that a process can do it after it is ready, between requests, instead of in its
 * start or in a customer's first open answer. Scoring does not depend on it: an answer that
 * comes first builds what it needs itself, and gets the same result.
 */
export function warmUpSentiment(options: SentimentScorerOptions = {}, next: (step: () => void) => void = (step) => step()): void {
  const dir = options.modelsDir ?? MODELS_DIR;
  const steps = [...Object.values(lexiconScorers), ...LANGUAGES.map((lang) => () => model(dir, lang))];
  const run = (i: number) => {
    if (i < steps.length)
      next(() => {
        steps[i]!();
        run(i + 1);
      });
  };
  run(0);
}

/**
 * The product's scorer: a learned model per language over the lexicon's reading and the
 * answer's words (src/sentiment/learned), with a calibrated confidence, "unsure" below the
 * model's threshold, and the drivers behind the label. Aspects are read clause by clause with
 * the lexicon alone: a clause is a few words, where the rules do as well and cost far less.
 */
export function createSentimentScorer(options: SentimentScorerOptions = {}): SentimentScorer {
  const dir = options.modelsDir ?? MODELS_DIR;
  // A wrong directory is told at start, not in a customer's first open answer.
  for (const lang of LANGUAGES) if (!existsSync(modelFile(lang, dir))) throw new Error(`no sentiment model ${lang}.json in ${String(dir)} (npm run train:sentiment writes them)`);
  const score = (text: string, locale: string): SentimentResult => {
    if (!SAYS_SOMETHING.test(text)) return { ...NOTHING_SAID, drivers: [] };
    const lang = language(locale);
    const scorer = model(dir, lang === 'other' ? 'en' : lang);
    const r = scoreLongText(scorer, text.slice(0, MAX_CHARS));
    return {
      score: round(r.score),
      label: r.confidence < scorer.model.unsureBelow ? 'unsure' : r.label,
      confidence: round(r.confidence),
      drivers: r.drivers,
    };
  };
  const tagger = new AspectTagger((text, locale) => lexiconScorer(locale).score(text));
  return {
    score,
    analyze(text: string, locale: string, extraAspects?: Readonly<Record<string, readonly string[]>>): TextAnalysis {
      const clipped = text.slice(0, MAX_CHARS);
      return { ...score(clipped, locale), aspects: tagger.tag(clipped, locale, extraAspects) };
    },
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
