import { describe, expect, it } from 'vitest';
import { extractFeatures, foldAccents } from '../../src/sentiment/learned/extractFeatures.js';
import { readLabelledAnswers } from '../../src/sentiment/learned/readLabelledAnswers.js';
import { fnv1a, splitOf } from '../../src/sentiment/learned/splitOf.js';
import { DEFAULT_SETTINGS, trainSentimentModel } from '../../src/sentiment/learned/trainSentimentModel.js';

describe('the split of our own answers', () => {
  it('hashes the NFC text with FNV-1a (a known vector), so a composed and a decomposed accent land together', () => {
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(splitOf('atenci\u00f3n r\u00e1pida')).toBe(splitOf('atencio\u0301n ra\u0301pida'));
  });

  it('puts about 70/15/15 of each language in train/dev/test', () => {
    for (const language of ['en', 'es', 'zh'] as const) {
      const answers = readLabelledAnswers(language);
      const counts = { train: 0, dev: 0, test: 0 };
      for (const a of answers) counts[splitOf(a.text)]++;
      expect(counts.train / answers.length).toBeGreaterThan(0.6);
      expect(counts.dev / answers.length).toBeGreaterThan(0.1);
      expect(counts.test / answers.length).toBeGreaterThan(0.1);
    }
  });
});

describe('features', () => {
  it('marks the reach of a negator up to punctuation, and what follows a contrast', () => {
    const f = extractFeatures("The agent didn't help at all, but the price was fine", 'en');
    expect(f.has('n:help')).toBe(true);
    expect(f.has('w:help')).toBe(false);
    expect(f.has('n:price')).toBe(false);
    expect(f.has('c:price')).toBe(true);
    expect(f.has('c:help')).toBe(false);
  });

  it('folds Spanish accents, keeps ñ, and reads Chinese as words and character pairs', () => {
    expect(foldAccents('atención año')).toBe('atencion año');
    expect(extractFeatures('La atención fue pésima', 'es').has('w:pesima')).toBe(true);
    const zh = extractFeatures('价格便宜，但是质量真的不行。', 'zh');
    expect(zh.has('h:质量')).toBe(true);
    expect(zh.has('c:质量')).toBe(true);
    expect(zh.has('c:价格')).toBe(false);
  });

  it('takes emoji and emoticons as tokens, and the lexicon scorer as features', () => {
    const f = extractFeatures('great stuff 😍 :)', 'en');
    expect(f.has('e:😍')).toBe(true);
    expect(f.has('e::)')).toBe(true);
    expect(f.get('L:score')).toBeGreaterThan(0);
    expect(f.get('L:max')).toBeGreaterThan(0);
    expect(f.get('L:min')).toBe(0);
  });
});

describe('training', () => {
  it('is deterministic: the same answers give identical weights, temperature and figures', () => {
    const subset = readLabelledAnswers('es').slice(0, 240);
    const settings = { ...DEFAULT_SETTINGS, l2Grid: [0.001, 0.01], iterations: 60 };
    const a = trainSentimentModel('es', subset, [], settings);
    const b = trainSentimentModel('es', subset, [], settings);
    expect(Object.keys(a.weights).length).toBeGreaterThan(50);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });
});
