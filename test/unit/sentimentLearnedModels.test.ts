import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatModel } from '../../scripts/trainSentiment.js';
import { featureSide } from '../../src/sentiment/learned/featureSide.js';
import { LearnedScorer } from '../../src/sentiment/learned/LearnedScorer.js';
import { loadSentimentModel, MODELS_DIR } from '../../src/sentiment/learned/loadSentimentModel.js';
import { measureFigures } from '../../src/sentiment/learned/measureFigures.js';
import { readLabelledAnswers } from '../../src/sentiment/learned/readLabelledAnswers.js';
import { CLASSES } from '../../src/sentiment/learned/SentimentModel.js';
import { splitOf } from '../../src/sentiment/learned/splitOf.js';
import { trainSentimentModel } from '../../src/sentiment/learned/trainSentimentModel.js';

const LANGUAGES = ['en', 'es', 'zh'] as const;
const scorers = Object.fromEntries(LANGUAGES.map((l) => [l, new LearnedScorer(loadSentimentModel(l))])) as Record<(typeof LANGUAGES)[number], LearnedScorer>;

describe.each(LANGUAGES)('the committed %s model', (language) => {
  const scorer = scorers[language];
  const answers = readLabelledAnswers(language);

  it('is a small file', () => {
    expect(statSync(new URL(`${language}.json`, MODELS_DIR)).size).toBeLessThan(600 * 1024);
  });

  it('scores our own dev and test splits to exactly the figures written in it', () => {
    for (const part of ['dev', 'test'] as const) {
      const rows = answers.filter((a) => splitOf(a.text) === part);
      const figures = measureFigures(
        rows.map((a) => a.label),
        rows.map((a) => scorer.score(a.text).label),
      );
      expect(figures).toEqual(scorer.model.figures[part]);
    }
  });

  it('keeps the direction of the lexicon features and of emoji in its weights', () => {
    const [neg, , pos] = [0, 1, 2];
    for (const [name, w] of Object.entries(scorer.model.weights)) {
      const side = featureSide(name);
      if (side === 0) continue;
      const [up, down] = side < 0 ? [neg, pos] : [pos, neg];
      expect(Math.max(...w), name).toBe(w[up]);
      expect(Math.min(...w.filter((_, k) => k !== up)), name).toBe(w[down]);
    }
  });

  it('never lowers P(negative) when an angry emoji follows, nor P(positive) when a delighted one does', () => {
    for (const { text } of answers) {
      const before = scorer.score(text).probabilities;
      expect(scorer.score(`${text}. 😡`).probabilities.negative, text).toBeGreaterThanOrEqual(before.negative - 1e-12);
      expect(scorer.score(`${text}. 😍`).probabilities.positive, text).toBeGreaterThanOrEqual(before.positive - 1e-12);
    }
  });

  it('gives a label of its four classes, a probability as confidence, and content words as drivers', () => {
    const text = { en: 'The courier was rude and the parcel arrived broken.', es: 'El repartidor fue grosero y el paquete llegó roto.', zh: '快递员态度很差，包裹还摔坏了。' }[language];
    const result = scorer.score(text);
    expect(CLASSES).toContain(result.label);
    expect(result.confidence).toBe(Math.max(...Object.values(result.probabilities)));
    expect(result.score).toBeCloseTo(result.probabilities.positive - result.probabilities.negative, 12);
    expect(result.drivers.length).toBeGreaterThan(0);
    for (const d of result.drivers) expect(['the', 'and', 'el', 'y', '的', '了']).not.toContain(d);
  });
});

describe('npm run train:sentiment', () => {
  // English may have learned from the UCI sentences as well, which CI does not have.
  it.each(['es', 'zh'] as const)('rebuilds the committed %s model byte for byte from our own data', (language) => {
    const committed = readFileSync(new URL(`${language}.json`, MODELS_DIR), 'utf8');
    expect(formatModel(trainSentimentModel(language, readLabelledAnswers(language)))).toBe(committed);
  });
});
