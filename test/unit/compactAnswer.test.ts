import { describe, expect, it } from 'vitest';
import type { StoredAnswer } from '../../src/core/ports.js';
import { decodeAnswer, encodeAnswer } from '../../src/storage/redis/compactAnswer.js';

const at = '2026-03-01T10:20:30.456Z';

describe('compact answers in a Redis response hash', () => {
  const answers: StoredAnswer[] = [
    { value: 5, raw: '5', attempts: 1, answeredAt: at, aspect: 'overall' },
    { value: 4, raw: 'four stars', attempts: 2, answeredAt: at },
    { value: null, raw: 'skip', attempts: 1, answeredAt: at, skipped: true },
    { value: ['a', 'b'], raw: 'a,b', attempts: 1, answeredAt: at },
    { value: true, raw: 'yes', attempts: 1, answeredAt: at },
    { value: '', raw: '', attempts: 0, answeredAt: at },
    {
      value: 'Fast, lovely',
      raw: 'Fast, lovely',
      attempts: 1,
      answeredAt: at,
      sentiment: -0.25,
      sentimentLabel: 'negative',
      aspects: [{ aspect: 'delivery', score: 0.5 }],
      mismatch: 'high_rating_negative_text',
    },
    // What the learned scorer adds: how sure it was, and why (issue 19).
    { value: 'Not helpful at all', raw: 'Not helpful at all', attempts: 1, answeredAt: at, sentiment: -0.87, sentimentLabel: 'negative', sentimentConfidence: 0.916, drivers: ['not helpful'] },
    { value: 'hmm', raw: 'hmm', attempts: 1, answeredAt: at, sentiment: 0.02, sentimentLabel: 'unsure', sentimentConfidence: 0.41 },
  ];

  it.each(answers.map((a) => [JSON.stringify(a), a] as const))('round-trips %s', (_, answer) => {
    expect(decodeAnswer(encodeAnswer(answer))).toEqual(answer);
  });

  it('leaves out what the rest tells: raw equal to the value, one attempt', () => {
    const encoded = encodeAnswer(answers[0]!);
    expect(JSON.parse(encoded)).toEqual({ v: 5, t: Date.parse(at), a: 'overall' });
    expect(encoded.length).toBeLessThan(JSON.stringify(answers[0]).length / 2);
  });

  it('reads answers stored before the compact form', () => {
    expect(decodeAnswer(JSON.stringify(answers[1]))).toEqual(answers[1]);
  });
});
