import { extractFeatures, foldAccents } from './extractFeatures.js';
import { CLASSES, type LearnedLabel, type ModelLanguage, type SentimentModel } from './SentimentModel.js';
import { softmax } from './trainLogisticRegression.js';

export interface LearnedResult {
  label: LearnedLabel;
  /** The calibrated probability of that label. */
  confidence: number;
  /** P(positive) - P(negative), in [-1, 1]. */
  score: number;
  probabilities: Record<LearnedLabel, number>;
  /** The words and phrases that weighed most towards the label, strongest first. */
  drivers: string[];
}

const DRIVERS = 5;
/** A word that moved the label less than this is no driver: the case page shows reasons, not noise. */
const MIN_PUSH = 0.15;

/** Scores a text with a trained model (models/sentiment/<lang>.json). Holds no state between texts. */
export class LearnedScorer {
  private readonly weights: Map<string, Float64Array>;
  private readonly bias: Float64Array;

  constructor(readonly model: SentimentModel) {
    this.weights = new Map(Object.entries(model.weights).map(([name, w]) => [name, Float64Array.from(w)]));
    this.bias = Float64Array.from(model.bias);
  }

  score(text: string): LearnedResult {
    const display = new Map<string, string>();
    const hits: LexiconHit[] = [];
    const features = extractFeatures(text, this.model.language, display, hits);
    const logits = Float64Array.from(this.bias);
    const known: [Float64Array, number, string][] = [];
    for (const [name, value] of features) {
      const w = this.weights.get(name);
      if (!w) continue;
      for (let k = 0; k < logits.length; k++) logits[k]! += w[k]! * value;
      known.push([w, value, name]);
    }
    const p = softmax(logits, this.model.temperature);
    let best = 0;
    for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k;
    const probabilities = Object.fromEntries(CLASSES.map((c, k) => [c, p[k]!])) as Record<LearnedLabel, number>;
    return { label: CLASSES[best]!, confidence: p[best]!, score: probabilities.positive - probabilities.negative, probabilities, drivers: drivers(known, best, display, hits, this.model.language) };
  }
}

interface LexiconHit {
  text: string;
  value: number;
}

/**
 * What pushed towards the label more than towards the other classes on average. The lexicon's
 * reading (`L:` features) is one number with no words of its own: when it pushed, its push is
 * shared among the words it found on the label's side ("太慢", "broken"), by their weight.
 */
function drivers(known: [Float64Array, number, string][], label: number, display: Map<string, string>, hits: readonly LexiconHit[], language: ModelLanguage): string[] {
  const pushes: [number, string][] = [];
  let lexiconPush = 0;
  for (const [w, value, name] of known) {
    let mean = 0;
    for (const x of w) mean += x / w.length;
    const push = (w[label]! - mean) * value;
    if (name.startsWith('L:')) lexiconPush += push;
    const shown = display.get(name);
    if (shown !== undefined && push >= MIN_PUSH) pushes.push([push, shown]);
  }
  const side = CLASSES[label] === 'negative' ? -1 : CLASSES[label] === 'positive' ? 1 : CLASSES[label] === 'mixed' ? 0 : undefined;
  const sided = side === undefined ? [] : hits.filter((h) => (side === 0 ? h.value !== 0 : Math.sign(h.value) === side));
  const total = sided.reduce((s, h) => s + Math.abs(h.value), 0);
  for (const h of sided) {
    const push = (lexiconPush * Math.abs(h.value)) / total;
    if (push >= MIN_PUSH) pushes.push([push, h.text]);
  }
  pushes.sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? -1 : 1));
  const out: string[] = [];
  // "resolvió" (the lexicon's word) and "resolvio" (the feature, accents folded) are one driver,
  // and so are "rain" and "the rain": five reasons, not one said three ways.
  const keys: string[] = [];
  for (const [, shown] of pushes) {
    const key = language === 'zh' ? shown : ` ${language === 'es' ? foldAccents(shown.toLowerCase()) : shown.toLowerCase()} `;
    if (keys.some((k) => k.includes(key) || key.includes(k))) continue;
    keys.push(key);
    out.push(shown);
    if (out.length === DRIVERS) break;
  }
  return out;
}
