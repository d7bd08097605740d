import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SignInFailures } from '../../src/core/ports.js';

export function signInFailuresContract(name: string, make: () => Promise<SignInFailures> | SignInFailures): void {
  describe(`SignInFailures contract: ${name}`, () => {
    const key = () => `k_${randomUUID().slice(0, 8)}`;

    it('counts failures per key with the latest time, and forgets a key when cleared', async () => {
      const f = await make();
      const [a, b] = [key(), key()];
      expect(await f.get(a)).toBeUndefined();
      expect(await f.add(a, 1000, 60_000)).toEqual({ count: 1, last: 1000 });
      expect(await f.add(a, 2000, 60_000)).toEqual({ count: 2, last: 2000 });
      expect(await f.add(b, 3000, 60_000)).toEqual({ count: 1, last: 3000 });
      expect(await f.get(a)).toEqual({ count: 2, last: 2000 });
      await f.clear(a);
      expect(await f.get(a)).toBeUndefined();
      expect(await f.get(b)).toEqual({ count: 1, last: 3000 });
    });

    it('counts every one of many concurrent failures', async () => {
      const f = await make();
      const k = key();
      await Promise.all(Array.from({ length: 20 }, (_, i) => f.add(k, i, 60_000)));
      expect((await f.get(k))?.count).toBe(20);
    });

    it('forgets a key its TTL after the latest failure', async () => {
      const f = await make();
      const k = key();
      await f.add(k, 1, 150);
      await new Promise((r) => setTimeout(r, 400));
      expect(await f.get(k)).toBeUndefined();
      expect((await f.add(k, 2, 60_000)).count).toBe(1);
    });
  });
}
