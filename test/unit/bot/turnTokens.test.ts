import { describe, expect, it } from 'vitest';
import { turnTokens } from '../../../src/bot/turnTokens.js';

describe('turnTokens', () => {
  it('names every turn of a process differently', () => {
    const next = turnTokens();
    const names = Array.from({ length: 10_000 }, () => next());
    expect(new Set(names).size).toBe(names.length);
  });

  it('never gives two processes the same name, though their counters agree', () => {
    // A process's recorded turns are compared with what another process saved (settledHere).
    const a = turnTokens();
    const b = turnTokens();
    expect(a()).not.toBe(b());
    expect(a()).not.toBe(b());
  });
});
