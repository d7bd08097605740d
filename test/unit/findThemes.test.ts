import { describe, expect, it } from 'vitest';
import { createSentimentScorer } from '../../src/sentiment/createSentimentScorer.js';
import { findThemes } from '../../src/sentiment/findThemes.js';

const scorer = createSentimentScorer();

/** A small fixed corpus written for this test, labelled as a person would (the scorer's own
 * labels are tested in sentimentProduct.test.ts; here, how themes are found from labels). */
const ANSWERS = (
  [
    ['The delivery was late again', 'negative'],
    ['Delivery late, box crushed', 'negative'],
    ['Very late delivery and no updates', 'negative'],
    ['Customer service was rude', 'negative'],
    ['Rude customer service on the phone', 'negative'],
    ['Friendly staff and fast delivery', 'positive'],
    ['Friendly staff, great prices', 'positive'],
    ['Great prices and friendly staff', 'positive'],
    ['Lovely teapot, great prices', 'positive'],
    ['I ordered on Monday', 'neutral'],
  ] as const
).map(([text, sentiment]) => ({ text, locale: 'en', sentiment }));

describe('findThemes', () => {
  it('finds the recurring phrases per sentiment, with counts and example quotes', () => {
    const themes = findThemes(ANSWERS, scorer, { top: 3 });
    expect(themes.positive.map((t) => [t.phrase, t.count])).toEqual([['friendly staff', 3], ['great prices', 3]]);
    expect(themes.negative.map((t) => t.phrase)).toEqual(expect.arrayContaining(['customer service', 'late']));
    const service = themes.negative.find((t) => t.phrase === 'customer service')!;
    expect(service.count).toBe(2);
    expect(service.examples).toEqual(['Customer service was rude', 'Rude customer service on the phone']);
  });

  it('uses the stored sentiment when it is given, and finds Chinese and Spanish themes', () => {
    const zh = ['送餐太慢了', '送餐很慢，菜都凉了', '味道不错，送餐太慢', '包装很好'].map((text) => ({ text, locale: 'zh-CN', sentiment: 'negative' as const }));
    expect(findThemes(zh, scorer).negative[0]).toMatchObject({ phrase: '送餐', count: 3 });
    const es = (['El envío tardó mucho', 'Envío tardó dos semanas', 'Precio muy bueno'] as const).map((text, i) => ({ text, locale: 'es', sentiment: i < 2 ? ('negative' as const) : ('positive' as const) }));
    expect(findThemes(es, scorer, { minCount: 2 }).negative.map((t) => t.phrase)).toContain('envío tardó');
  });

  it('returns nothing below the minimum count', () => {
    expect(findThemes([{ text: 'unique words only', locale: 'en' }], scorer)).toEqual({ negative: [], neutral: [], positive: [] });
  });
});
