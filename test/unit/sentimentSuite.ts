import { describe, expect, it } from 'vitest';
import type { SentimentResult } from '../../src/core/ports.js';
import { lexiconScorer } from '../../src/sentiment/lexiconScorers.js';

export type Label = 'negative' | 'neutral' | 'positive';
export type Row = [text: string, label: Label];

/** The rule layer (src/sentiment/LexiconScorer): its reading is a feature of the learned
 * models, and it scores aspects clause by clause. The product's scorer is tested in
 * sentimentProduct.test.ts. */
export const scorer = {
  score(text: string, locale: string): SentimentResult {
    const { hits: _hits, ...result } = lexiconScorer(locale).score(text);
    return result;
  },
};

const NOTHING = { score: 0, label: 'neutral', confidence: 0, drivers: [] };

export interface SentimentTables {
  plain: Row[];
  negation: Row[];
  serviceTalk: Row[];
  contrast: Row[];
  /** Name of the contrast table in test titles ("contrast", "contrast and mixed"). */
  contrastTitle?: string;
  emoji: Row[];
  facts: string[];
  /** [text, its label, a text that must score higher]. */
  ordering: [text: string, label: Label, higher: string][];
}

/** The same checks for every locale's tables, so each test file holds only its language. */
export function sentimentTables(locale: string, t: SentimentTables): void {
  const score = (text: string) => scorer.score(text, locale).score;
  const labelled: [string, Row[]][] = [
    ['plain', t.plain],
    ['negation', t.negation],
    ['customer phrasing', t.serviceTalk],
    [t.contrastTitle ?? 'contrast', t.contrast],
    ['emoji', t.emoji],
  ];
  for (const [title, rows] of labelled) {
    it.each(rows)(`${title}: %s → %s`, (text, label) => {
      expect(scorer.score(text, locale).label).toBe(label);
    });
  }

  it.each(t.facts)('fact: %s → neutral with confidence 0', (text) => {
    expect(scorer.score(text, locale)).toEqual(NOTHING);
  });

  it.each(t.ordering)('order: %s is %s and scores below "%s"', (text, label, other) => {
    expect(scorer.score(text, locale).label).toBe(label);
    expect(score(text)).toBeLessThan(score(other));
  });
}

/** Empty, blank and very long input, the same way in every locale. */
export function oddInput(locale: string, o: { blank: string[]; long: string; longLabel: Label; emojiOnly: Row[] }): void {
  describe('odd input', () => {
    it('empty text is neutral with confidence 0', () => {
      expect(scorer.score('', locale)).toEqual(NOTHING);
    });

    it('blank text and bare punctuation are neutral with confidence 0', () => {
      // Exclamation marks only strengthen sentiment that is there; alone they are nothing.
      for (const text of o.blank) expect(scorer.score(text, locale)).toEqual(NOTHING);
    });

    it(`10,000 characters still return a bounded result (${o.longLabel})`, () => {
      expect(o.long).toHaveLength(10_000);
      const result = scorer.score(o.long, locale);
      expect(result.label).toBe(o.longLabel);
      expect(Math.abs(result.score)).toBeLessThanOrEqual(1);
      expect(result.confidence).toBeLessThanOrEqual(1);
      expect(result.drivers.length).toBeLessThanOrEqual(5);
    });

    it.each(o.emojiOnly)('emoji-only answers are scored: %s → %s', (text, label) => {
      expect(scorer.score(text, locale).label).toBe(label);
    });
  });
}
