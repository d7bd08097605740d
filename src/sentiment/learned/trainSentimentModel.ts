import { chooseUnsureBelow } from './chooseUnsureBelow.js';
import { extractFeatures } from './extractFeatures.js';
import { featureSide } from './featureSide.js';
import { LearnedScorer } from './LearnedScorer.js';
import { measureFigures } from './measureFigures.js';
import type { LabelledAnswer } from './readLabelledAnswers.js';
import { CLASSES, type LearnedLabel, type ModelLanguage, type SentimentModel } from './SentimentModel.js';
import { splitOf } from './splitOf.js';
import { probabilities, trainLogisticRegression, type Example, type LinearModel } from './trainLogisticRegression.js';

export interface TrainingSettings {
  /** L2 penalties tried; the one with the best dev accuracy less its share of positives labelled negative wins (then negative recall). */
  l2Grid: number[];
  /** Weights tried for the extra (other-domain) examples, e.g. [0, 0.3, 1]. */
  extraWeights: number[];
  iterations: number;
  /** A text feature is kept when it occurs in at least this many training answers. */
  minDocs: number;
}

export const DEFAULT_SETTINGS: TrainingSettings = { l2Grid: [0.0003, 0.001, 0.003, 0.01, 0.03], extraWeights: [0, 0.3, 1], iterations: 300, minDocs: 3 };
const TEMPERATURES = Array.from({ length: 96 }, (_, i) => Math.round((0.25 + i * 0.05) * 100) / 100);
/** Weights are stored to this many decimals; smaller ones are dropped with their feature. */
const DECIMALS = 3;
/** Features whose weights differ across classes by less than this are dropped (file size). */
const MIN_SPREAD = 0.02;

export interface ExtraSource {
  name: string;
  answers: LabelledAnswer[];
}

/**
 * Trains one language's model from our own answers (train split; dev for choosing the penalty,
 * the weight of extra sources and the temperature; test only measured), plus optional extra
 * labelled sentences of another domain (all used for training). Deterministic: the same inputs
 * give the same file.
 */
export function trainSentimentModel(language: ModelLanguage, own: readonly LabelledAnswer[], extra: readonly ExtraSource[] = [], settings: TrainingSettings = DEFAULT_SETTINGS): SentimentModel {
  const parts = { train: [] as LabelledAnswer[], dev: [] as LabelledAnswer[], test: [] as LabelledAnswer[] };
  for (const a of own) parts[splitOf(a.text)].push(a);
  const extraAnswers = extra.flatMap((s) => s.answers);
  const featuresOf = (a: LabelledAnswer) => extractFeatures(a.text, language);
  const trainFeatures = parts.train.map(featuresOf);
  const extraFeatures = extraAnswers.map(featuresOf);
  const devFeatures = parts.dev.map(featuresOf);

  const K = CLASSES.length;
  const predict = (m: LinearModel, e: Example, t = 1) => {
    const p = probabilities(m.weights, m.bias, K, e.indexes, e.values, t, new Float64Array(K));
    let best = 0;
    for (let k = 1; k < K; k++) if (p[k]! > p[best]!) best = k;
    return { best, p };
  };

  let chosen: { model: LinearModel; l2: number; extraWeight: number; rank: number[]; vocabulary: string[]; devExamples: Example[] } | undefined;
  for (const extraWeight of extraAnswers.length ? settings.extraWeights : [0]) {
    // The vocabulary is what the examples trained on hold, sorted: a fixed order of every sum.
    const used = extraWeight > 0 ? [...trainFeatures, ...extraFeatures] : trainFeatures;
    const docs = new Map<string, number>();
    for (const f of used) for (const name of f.keys()) docs.set(name, (docs.get(name) ?? 0) + 1);
    const vocabulary = [...docs].filter(([name, n]) => n >= settings.minDocs || name.startsWith('L:')).map(([name]) => name).sort();
    const index = new Map(vocabulary.map((name, i) => [name, i]));
    const toExample = (f: Map<string, number>, label: string, weight: number): Example => {
      const known = [...f].filter(([name]) => index.has(name)).sort((a, b) => index.get(a[0])! - index.get(b[0])!);
      return { indexes: Int32Array.from(known, ([name]) => index.get(name)!), values: Float64Array.from(known, ([, v]) => v), label: CLASSES.indexOf(label as LearnedLabel), weight };
    };
    const devExamples = devFeatures.map((f, i) => toExample(f, parts.dev[i]!.label, 1));
    const examples = [...trainFeatures.map((f, i) => toExample(f, parts.train[i]!.label, 1)), ...(extraWeight > 0 ? extraFeatures.map((f, i) => toExample(f, extraAnswers[i]!.label, extraWeight)) : [])];
    for (const l2 of settings.l2Grid) {
      const model = trainLogisticRegression(examples, { classes: K, features: vocabulary.length, l2, iterations: settings.iterations, sides: Int8Array.from(vocabulary, featureSide) });
      const figures = measureFigures(
        parts.dev.map((a) => a.label),
        devExamples.map((e) => CLASSES[predict(model, e).best]!),
      );
      // A happy customer escalated costs twice: the answer is wrong, and someone's time is spent.
      const rank = [Math.round((figures.accuracy - figures.positiveAsNegative) * 10_000), figures.negativeRecall];
      if (!chosen || better(rank, chosen.rank)) chosen = { model, l2, extraWeight, rank, vocabulary, devExamples };
    }
  }
  const { model, l2, extraWeight, vocabulary, devExamples } = chosen!;

  // Temperature scaling: the one scale of the logits that best fits dev (least log-loss).
  let temperature = 1;
  let bestLoss = Infinity;
  for (const t of TEMPERATURES) {
    const loss = devExamples.reduce((s, e) => s - Math.log(Math.max(predict(model, e, t).p[e.label]!, 1e-12)), 0);
    if (loss < bestLoss) [bestLoss, temperature] = [loss, t];
  }

  const weights: Record<string, number[]> = {};
  vocabulary.forEach((name, f) => {
    const row = Array.from(model.weights.subarray(f * K, f * K + K), round);
    // A feature that moves every class alike changes no probability: it is left out.
    if (Math.max(...row) - Math.min(...row) >= MIN_SPREAD) weights[name] = row;
  });
  const shipped: SentimentModel = {
    language,
    classes: CLASSES,
    sources: [`data/sentiment/answers (${language}, train split)`, ...(extraWeight > 0 ? extra.map((s) => s.name) : [])],
    split: { train: parts.train.length, dev: parts.dev.length, test: parts.test.length, extra: extraWeight > 0 ? extraAnswers.length : 0 },
    hyperparameters: { l2, iterations: settings.iterations, minDocs: settings.minDocs, extraWeight },
    temperature,
    unsureBelow: 0,
    figures: { dev: measureFigures([], []), test: measureFigures([], []) },
    bias: Array.from(model.bias, round),
    weights,
  };
  // The figures are those of the model as shipped (rounded), scored as the product scores.
  const scorer = new LearnedScorer(shipped);
  for (const part of ['dev', 'test'] as const) {
    const scored = parts[part].map((a) => ({ gold: a.label, ...scorer.score(a.text) }));
    shipped.figures[part] = measureFigures(
      scored.map((r) => r.gold),
      scored.map((r) => r.label),
    );
    // Chosen on dev, from the same scores.
    if (part === 'dev') shipped.unsureBelow = chooseUnsureBelow(scored.map((r) => ({ right: r.label === r.gold, confidence: r.confidence })));
  }
  return shipped;
}

function better(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! > b[i]!;
  return false;
}

function round(x: number): number {
  const r = Math.round(x * 10 ** DECIMALS) / 10 ** DECIMALS;
  return r === 0 ? 0 : r;
}
