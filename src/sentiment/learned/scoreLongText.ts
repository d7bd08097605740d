import type { LearnedResult, LearnedScorer } from './LearnedScorer.js';
import { CLASSES, type LearnedLabel, type ModelLanguage } from './SentimentModel.js';

/** A piece of a long text is about as long as the longer answers the models learned from. */
const PIECE_CHARS: Record<ModelLanguage, number> = { en: 280, es: 280, zh: 120 };
/** The last piece is where a review usually sums up ("in short, we would not come back"). */
const LAST_WEIGHT = 1.5;
const DRIVERS = 5;
const LOCALES: Record<ModelLanguage, string> = { en: 'en', es: 'es', zh: 'zh-CN' };
const segmenters = new Map<ModelLanguage, Intl.Segmenter>();

/**
 * Scores a text sentence group by sentence group when it is longer than the answers the model
 * learned from (a multi-paragraph review), and averages the pieces' probabilities, weighted by
 * their length and the last one more: one bag of words over a page lets its many mild words
 * drown the few that decide. A short text is scored whole.
 */
export function scoreLongText(scorer: LearnedScorer, text: string): LearnedResult {
  const language = scorer.model.language;
  const pieces = piecesOf(text, language);
  if (pieces.length < 2) return scorer.score(text);
  const results = pieces.map((p) => scorer.score(p));
  const sum = Object.fromEntries(CLASSES.map((c) => [c, 0])) as Record<LearnedLabel, number>;
  let total = 0;
  results.forEach((r, i) => {
    const weight = pieces[i]!.length * (i === pieces.length - 1 ? LAST_WEIGHT : 1);
    total += weight;
    for (const c of CLASSES) sum[c] += r.probabilities[c] * weight;
  });
  for (const c of CLASSES) sum[c] /= total;
  const label = CLASSES.reduce((best, c) => (sum[c] > sum[best] ? c : best), CLASSES[0]);
  // The drivers of the pieces that lean the same way, the surest first.
  const drivers: string[] = [];
  for (const r of results.filter((x) => x.label === label).sort((a, b) => b.probabilities[label] - a.probabilities[label])) {
    for (const d of r.drivers) if (drivers.length < DRIVERS && !drivers.includes(d)) drivers.push(d);
  }
  return { label, confidence: sum[label], score: sum.positive - sum.negative, probabilities: sum, drivers };
}

/** Whole sentences, packed into pieces of at most PIECE_CHARS (a longer sentence is a piece alone). */
export function piecesOf(text: string, language: ModelLanguage): string[] {
  if (text.length <= PIECE_CHARS[language]) return [text];
  let segmenter = segmenters.get(language);
  if (!segmenter) segmenters.set(language, (segmenter = new Intl.Segmenter(LOCALES[language], { granularity: 'sentence' })));
  const pieces: string[] = [];
  let piece = '';
  for (const { segment } of segmenter.segment(text)) {
    if (piece && piece.length + segment.length > PIECE_CHARS[language]) {
      pieces.push(piece.trim());
      piece = '';
    }
    piece += segment;
  }
  if (piece.trim()) pieces.push(piece.trim());
  return pieces.filter(Boolean);
}
