import type { HeldOutFigures } from './SentimentModel.js';

/** Accuracy over the four classes, recall of the negative class, and the share of positive
 * answers labelled negative, from gold and predicted labels. */
export function measureFigures(gold: readonly string[], predicted: readonly string[]): HeldOutFigures {
  let right = 0;
  let negatives = 0;
  let negativesFound = 0;
  let positives = 0;
  let positivesAsNegative = 0;
  gold.forEach((g, i) => {
    const p = predicted[i];
    if (p === g) right++;
    if (g === 'negative') {
      negatives++;
      if (p === 'negative') negativesFound++;
    }
    if (g === 'positive') {
      positives++;
      if (p === 'negative') positivesAsNegative++;
    }
  });
  const ratio = (a: number, b: number) => (b === 0 ? 0 : Math.round((a / b) * 10_000) / 10_000);
  return { answers: gold.length, accuracy: ratio(right, gold.length), negativeRecall: ratio(negativesFound, negatives), positiveAsNegative: ratio(positivesAsNegative, positives) };
}
