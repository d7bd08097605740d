import { extractFeatures } from './extractFeatures.js';
import { CLASSES, type LearnedLabel, type SentimentModel } from './SentimentModel.js';
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
    const features = extractFeatures(text, this.model.language, display);
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
    return { label: CLASSES[best]!, confidence: p[best]!, score: probabilities.positive - probabilities.negative, probabilities, drivers: drivers(known, best, display) };
  }
}

/** What pushed towards the label more than towards the other classes on average. */
function drivers(known: [Float64Array, number, string][], label: number, display: Map<string, string>): string[] {
  const pushes: [number, string][] = [];
  for (const [w, value, name] of known) {
    const shown = display.get(name);
    if (shown === undefined) continue;
    let mean = 0;
    for (const x of w) mean += x / w.length;
    const push = (w[label]! - mean) * value;
    if (push > 0) pushes.push([push, shown]);
  }
  pushes.sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? -1 : 1));
  const out: string[] = [];
  for (const [, shown] of pushes) {
    if (!out.includes(shown)) out.push(shown);
    if (out.length === DRIVERS) break;
  }
  return out;
}
