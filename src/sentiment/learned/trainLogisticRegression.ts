/** One training example: sparse features (indexes into a fixed vocabulary), its class, its weight. */
export interface Example {
  indexes: Int32Array;
  values: Float64Array;
  label: number;
  weight: number;
}

export interface TrainOptions {
  classes: number;
  features: number;
  /** L2 penalty on the weights (not on the biases). */
  l2: number;
  iterations: number;
  /** Per feature: 1 positive-side, -1 negative-side, 0 free (see featureSide). Class order
   * is negative, neutral, positive, mixed. */
  sides?: Int8Array;
}

export interface LinearModel {
  /** weights[f * classes + k] */
  weights: Float64Array;
  bias: Float64Array;
}

/**
 * Multinomial logistic regression with L2, by full-batch gradient descent with Nesterov
 * momentum from zero weights: no randomness and a fixed order of every sum, so the same
 * examples always give the same weights, bit for bit. Small data (hundreds to a few thousand
 * short answers) makes full batches cheap.
 */
export function trainLogisticRegression(examples: readonly Example[], options: TrainOptions): LinearModel {
  const { classes: K, features: F, l2, iterations } = options;
  const w = new Float64Array(F * K);
  const b = new Float64Array(K);
  const vw = new Float64Array(F * K);
  const vb = new Float64Array(K);
  const gw = new Float64Array(F * K);
  const gb = new Float64Array(K);
  const lookW = new Float64Array(F * K);
  const lookB = new Float64Array(K);
  const totalWeight = examples.reduce((s, e) => s + e.weight, 0);
  const rate = 0.5;
  const momentum = 0.9;
  const p = new Float64Array(K);
  for (let it = 0; it < iterations; it++) {
    for (let j = 0; j < w.length; j++) lookW[j] = w[j]! + momentum * vw[j]!;
    for (let k = 0; k < K; k++) lookB[k] = b[k]! + momentum * vb[k]!;
    gw.fill(0);
    gb.fill(0);
    for (const e of examples) {
      probabilities(lookW, lookB, K, e.indexes, e.values, 1, p);
      const scale = e.weight / totalWeight;
      for (let k = 0; k < K; k++) {
        const d = (p[k]! - (k === e.label ? 1 : 0)) * scale;
        gb[k]! += d;
        for (let j = 0; j < e.indexes.length; j++) gw[e.indexes[j]! * K + k]! += d * e.values[j]!;
      }
    }
    for (let j = 0; j < w.length; j++) {
      vw[j] = momentum * vw[j]! - rate * (gw[j]! + l2 * lookW[j]!);
      w[j]! += vw[j]!;
    }
    if (options.sides) for (let f = 0; f < F; f++) if (options.sides[f]) keepSide(w, f * K, options.sides[f]!);
    for (let k = 0; k < K; k++) {
      vb[k] = momentum * vb[k]! - rate * gb[k]!;
      b[k]! += vb[k]!;
    }
  }
  return { weights: w, bias: b };
}

const NEGATIVE = 0;
const POSITIVE = 2;

/** Side -1: the positive weight no higher than the others but negative, then the negative weight
 * the highest; side 1 the reverse. (A clip, not an exact projection: enough, and deterministic.) */
export function keepSide(w: Float64Array, at: number, side: number): void {
  const [up, down] = side < 0 ? [NEGATIVE, POSITIVE] : [POSITIVE, NEGATIVE];
  let low = w[at + down]!;
  let high = -Infinity;
  for (let k = 0; k < 4; k++) if (k !== up && k !== down) low = Math.min(low, w[at + k]!);
  w[at + down] = low;
  for (let k = 0; k < 4; k++) if (k !== up) high = Math.max(high, w[at + k]!);
  w[at + up] = Math.max(w[at + up]!, high);
}

/** Softmax of the logits divided by the temperature, into `out`. */
export function probabilities(weights: Float64Array, bias: Float64Array, K: number, indexes: Int32Array, values: Float64Array, temperature: number, out: Float64Array): Float64Array {
  for (let k = 0; k < K; k++) out[k] = bias[k]!;
  for (let j = 0; j < indexes.length; j++) {
    const base = indexes[j]! * K;
    const v = values[j]!;
    for (let k = 0; k < K; k++) out[k]! += weights[base + k]! * v;
  }
  return softmax(out, temperature);
}

export function softmax(logits: Float64Array, temperature: number): Float64Array {
  let max = -Infinity;
  for (const z of logits) max = Math.max(max, z / temperature);
  let sum = 0;
  for (let k = 0; k < logits.length; k++) {
    logits[k] = Math.exp(logits[k]! / temperature - max);
    sum += logits[k]!;
  }
  for (let k = 0; k < logits.length; k++) logits[k]! /= sum;
  return logits;
}
