import { describe, expect, it } from 'vitest';
import type { Deduplicator } from '../../src/core/ports.js';

export function deduplicatorContract(name: string, make: () => Promise<Deduplicator> | Deduplicator): void {
  describe(`Deduplicator contract: ${name}`, () => {
    it('says true once per key within the TTL, and again after it', async () => {
      const d = await make();
      expect(await d.firstTime('Ev1', 150)).toBe(true);
      expect(await d.firstTime('Ev1', 150)).toBe(false);
      expect(await d.firstTime('Ev2', 150)).toBe(true);
      await new Promise((r) => setTimeout(r, 400));
      expect(await d.firstTime('Ev1', 150)).toBe(true);
    });

    it('lets exactly one of many concurrent callers through', async () => {
      const d = await make();
      const results = await Promise.all(Array.from({ length: 10 }, () => d.firstTime('race', 10_000)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });
}
