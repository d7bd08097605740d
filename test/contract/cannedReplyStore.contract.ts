import { describe, expect, it } from 'vitest';
import type { CannedReplyStore, StoredCannedReply } from '../../src/core/ports.js';

export function cannedReplyStoreContract(name: string, make: () => Promise<{ store: CannedReplyStore; another: () => Promise<CannedReplyStore> | CannedReplyStore }>): void {
  describe(`CannedReplyStore contract: ${name}`, () => {
    const entry = (id: string, over: Partial<StoredCannedReply> = {}): Omit<StoredCannedReply, 'version'> => ({
      id,
      title: { en: `Title ${id}`, 'zh-CN': '标题' },
      text: { en: 'Hi {name}, about {orderId}…', es: 'Hola {name} ⭐' },
      updatedAt: '2026-11-23T12:00:00.000Z',
      updatedBy: 'root',
      ...over,
    });

    it('stores an entry at version 1, then each change one more, reading back what was written', async () => {
      const { store } = await make();
      expect(await store.list()).toEqual([]);
      const first = await store.put(entry('sorry'), 0);
      expect(first).toEqual({ ok: true, reply: { ...entry('sorry'), version: 1 } });
      const second = await store.put(entry('sorry', { text: { en: 'Sorry {name}' }, updatedBy: 'ana' }), 1);
      expect(second).toEqual({ ok: true, reply: { ...entry('sorry', { text: { en: 'Sorry {name}' }, updatedBy: 'ana' }), version: 2 } });
      expect(await store.list()).toEqual([{ ...entry('sorry', { text: { en: 'Sorry {name}' }, updatedBy: 'ana' }), version: 2 }]);
    });

    it('refuses a write made from an older version, changing nothing, and says the current one', async () => {
      const { store } = await make();
      await store.put(entry('a'), 0);
      expect(await store.put(entry('a', { title: { en: 'late' } }), 0)).toEqual({ ok: false, version: 1 });
      expect(await store.put(entry('b'), 3)).toEqual({ ok: false, version: 0 });
      expect(await store.list()).toEqual([{ ...entry('a'), version: 1 }]);
    });

    it('keeps the order entries were first stored in; a deleted entry stays as one until removed', async () => {
      const { store } = await make();
      for (const id of ['zeta', 'alpha', 'mid']) await store.put(entry(id), 0);
      await store.put(entry('zeta', { deleted: true }), 1);
      expect((await store.list()).map((r) => [r.id, r.version, r.deleted ?? false])).toEqual([['zeta', 2, true], ['alpha', 1, false], ['mid', 1, false]]);
      expect(await store.remove('alpha')).toBe(true);
      expect(await store.remove('alpha')).toBe(false);
      await store.put(entry('alpha'), 0);
      expect((await store.list()).map((r) => r.id)).toEqual(['zeta', 'mid', 'alpha']);
    });

    it('of two instances writing from the same version, exactly one wins', async () => {
      const { store, another } = await make();
      const other = await another();
      await store.put(entry('x'), 0);
      const results = await Promise.all([store.put(entry('x', { updatedBy: 'one' }), 1), other.put(entry('x', { updatedBy: 'two' }), 1)]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, version: 2 }]);
      const [stored] = await other.list();
      expect(stored?.version).toBe(2);
    });
  });
}
