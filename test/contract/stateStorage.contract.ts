import { describe, expect, it } from 'vitest';
import type { StateStorage } from '../../src/core/ports.js';
import { isSatisfyError } from '../../src/errors.js';

/**
 * What every StateStorage must do, run against each implementation (memory now, Redis with
 * its own server). The bot's conflict handling relies on exactly these rules.
 */
export function stateStorageContract(name: string, make: () => Promise<StateStorage> | StateStorage): void {
  describe(`StateStorage contract: ${name}`, () => {
    it('reads back what was written, with a new eTag', async () => {
      const s = await make();
      await s.write({ a: { data: { n: 1, text: '四 ⭐ ñ' } } });
      const { a } = await s.read(['a', 'missing']);
      expect(a).toMatchObject({ data: { n: 1, text: '四 ⭐ ñ' } });
      expect(typeof a?.eTag).toBe('string');
    });

    it('returns nothing for keys never written', async () => {
      const s = await make();
      expect(await s.read(['nope'])).toEqual({});
    });

    it('writes when the eTag matches and changes the eTag', async () => {
      const s = await make();
      await s.write({ k: { v: 1 } });
      const first = (await s.read(['k'])).k!;
      await s.write({ k: { v: 2, eTag: first.eTag } });
      const second = (await s.read(['k'])).k!;
      expect(second.v).toBe(2);
      expect(second.eTag).not.toBe(first.eTag);
    });

    it('refuses a write with a stale eTag, keeping the newer value', async () => {
      const s = await make();
      await s.write({ k: { v: 1 } });
      const stale = (await s.read(['k'])).k!;
      await s.write({ k: { v: 2, eTag: stale.eTag } });
      const err = await s.write({ k: { v: 3, eTag: stale.eTag } }).catch((e: unknown) => e);
      expect(isSatisfyError(err, 'ETAG_CONFLICT')).toBe(true);
      expect((await s.read(['k'])).k?.v).toBe(2);
    });

    it('refuses to create what already exists (no eTag means new)', async () => {
      const s = await make();
      await s.write({ k: { v: 1 } });
      const err = await s.write({ k: { v: 2 } }).catch((e: unknown) => e);
      expect(isSatisfyError(err, 'ETAG_CONFLICT')).toBe(true);
    });

    it("writes unconditionally with eTag '*' (botbuilder BotState)", async () => {
      const s = await make();
      await s.write({ k: { v: 1 } });
      await s.write({ k: { v: 2, eTag: '*' } });
      expect((await s.read(['k'])).k?.v).toBe(2);
    });

    it('lets exactly one of two racing writers with the same eTag win', async () => {
      const s = await make();
      await s.write({ k: { v: 0 } });
      const { eTag } = (await s.read(['k'])).k!;
      const results = await Promise.allSettled([s.write({ k: { v: 'a', eTag } }), s.write({ k: { v: 'b', eTag } })]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    });

    it('reads and writes several keys in one call', async () => {
      const s = await make();
      await s.write({ x: { v: 1 }, y: { v: 2 } });
      const got = await s.read(['x', 'y']);
      expect([got.x?.v, got.y?.v]).toEqual([1, 2]);
    });

    it('forgets a key after its TTL, and a later write without TTL keeps it', async () => {
      const s = await make();
      await s.write({ short: { v: 1 }, other: { v: 2 } }, { ttlMs: 150 });
      expect((await s.read(['short'])).short?.v).toBe(1);
      await new Promise((r) => setTimeout(r, 400));
      expect(await s.read(['short', 'other'])).toEqual({});
      await s.write({ short: { v: 3 } }, { ttlMs: 150 });
      const { eTag } = (await s.read(['short'])).short!;
      await s.write({ short: { v: 4, eTag } });
      await new Promise((r) => setTimeout(r, 400));
      expect((await s.read(['short'])).short?.v).toBe(4);
    });

    it('throws on a batch with one stale key, naming the conflict', async () => {
      const s = await make();
      await s.write({ a: { v: 1 }, b: { v: 1 } });
      const { a, b } = await s.read(['a', 'b']);
      await s.write({ b: { v: 2, eTag: b!.eTag } });
      const err = await s.write({ a: { v: 3, eTag: a!.eTag }, b: { v: 3, eTag: b!.eTag } }).catch((e: unknown) => e);
      expect(isSatisfyError(err, 'ETAG_CONFLICT')).toBe(true);
      expect((err as Error).message).toContain('"b"');
      expect((await s.read(['b'])).b?.v).toBe(2);
    });

    it('deletes', async () => {
      const s = await make();
      await s.write({ k: { v: 1 } });
      await s.delete(['k', 'never']);
      expect(await s.read(['k'])).toEqual({});
    });

    it('does not let a caller change stored data through an object it read', async () => {
      const s = await make();
      await s.write({ k: { list: [1] } });
      const read = (await s.read(['k'])).k as { list: number[] };
      read.list.push(2);
      expect((await s.read(['k'])).k).toMatchObject({ list: [1] });
    });

    it('does not let a caller change stored data through an object it wrote', async () => {
      const s = await make();
      const item = { data: { list: [1], nested: { n: 1 } } };
      await s.write({ k: item });
      item.data.list.push(2);
      item.data.nested.n = 2;
      const { eTag } = (await s.read(['k'])).k!;
      const again = { data: { list: [3] }, eTag };
      await s.write({ k: again });
      again.data.list.push(4);
      expect((await s.read(['k'])).k).toMatchObject({ data: { list: [3] } });
      expect(item).toEqual({ data: { list: [1, 2], nested: { n: 2 } } });
    });

    it('gives back what JSON gives back: dates as text, undefined fields left out', async () => {
      const s = await make();
      await s.write({ k: { data: { at: new Date('2026-11-30T10:00:00.000Z'), gone: undefined, list: [undefined] } } });
      const { eTag, ...read } = (await s.read(['k'])).k!;
      expect(read).toStrictEqual({ data: { at: '2026-11-30T10:00:00.000Z', list: [null] } });
      expect(typeof eTag).toBe('string');
    });
  });
}
