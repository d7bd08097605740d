import { describe, expect, it } from 'vitest';
import { scorer } from './sentimentSuite.js';

const score = (text: string, locale = 'en') => scorer.score(text, locale).score;

/** The rules that a word count gets wrong, one row each. */
describe('sentiment rules', () => {
  it.each([
    ['Good product but delivery took three weeks', 'en', 'negative'],
    ['Buen producto pero tardó tres semanas', 'es', 'negative'],
    ['送了两个小时才到', 'zh-CN', 'negative'],
    ['等了3个多小时', 'zh-CN', 'negative'],
    ['Not only great but also cheap and fast', 'en', 'positive'],
    ['No solo bonito sino también barato', 'es', 'positive'],
    ['wink ;)', 'en', 'positive'],
    ['I did not like it, great service though', 'en', 'positive'],
  ])('%s (%s) is %s', (text, locale, label) => {
    expect(scorer.score(text, locale).label).toBe(label);
  });

  it('stacks intensifiers and softens a negated one', () => {
    expect(score('very very good')).toBeGreaterThan(score('very good'));
    expect(score('not very good')).toBeGreaterThan(score('not good'));
    expect(score('not very good')).toBeLessThan(0);
  });

  it('ends a negation at the word it turns', () => {
    expect(scorer.score('not bad, really great', 'en').label).toBe('positive');
    expect(score("the room wasn't clean but the staff were lovely")).toBeGreaterThan(0);
  });
});
