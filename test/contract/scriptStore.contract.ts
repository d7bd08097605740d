import { describe, expect, it } from 'vitest';
import type { ScriptStore } from '../../src/core/ports.js';

const version = (surveyId: string, source: string) => ({ surveyId, source, createdAt: '2026-11-23T00:00:00.000Z', author: 'test', comment: 'c' });

export function scriptStoreContract(name: string, make: () => Promise<ScriptStore> | ScriptStore): void {
  describe(`ScriptStore contract: ${name}`, () => {
    it('numbers versions per survey from 1 and keeps each one', async () => {
      const s = await make();
      expect(await s.add(version('a', 'id: a # 1'))).toMatchObject({ version: 1 });
      expect(await s.add(version('a', 'id: a # 2 ✓ 中文'))).toMatchObject({ version: 2 });
      expect(await s.add(version('b', 'id: b'))).toMatchObject({ version: 1 });
      expect((await s.get('a', 1))?.source).toBe('id: a # 1');
      expect(await s.latest('a')).toMatchObject({ version: 2, source: 'id: a # 2 ✓ 中文', author: 'test' });
      expect(await s.get('a', 3)).toBeUndefined();
      expect(await s.latest('none')).toBeUndefined();
      expect(await s.surveyIds()).toEqual(['a', 'b']);
    });

    it('lists every version oldest first, and keeps one draft per survey apart from them', async () => {
      const s = await make();
      await s.add(version('a', 'one'));
      await s.add(version('a', 'two'));
      expect((await s.versions('a')).map((v) => [v.version, v.source])).toEqual([
        [1, 'one'],
        [2, 'two'],
      ]);
      expect(await s.versions('none')).toEqual([]);
      expect(await s.getDraft('a')).toBeUndefined();
      await s.saveDraft({ surveyId: 'a', source: 'draft ✓', author: 'root', updatedAt: '2026-11-23T01:00:00.000Z', baseVersion: 2 });
      await s.saveDraft({ surveyId: 'new-one', source: 'fresh', author: 'root', updatedAt: '2026-11-23T01:00:00.000Z' });
      expect(await s.getDraft('a')).toEqual({ surveyId: 'a', source: 'draft ✓', author: 'root', updatedAt: '2026-11-23T01:00:00.000Z', baseVersion: 2 });
      // A survey that only has a draft is listed (so an admin finds it again).
      expect(await s.surveyIds()).toEqual(expect.arrayContaining(['a', 'new-one']));
      expect(await s.latest('a')).toMatchObject({ version: 2 });
      await s.deleteDraft('a');
      expect(await s.getDraft('a')).toBeUndefined();
      await s.deleteDraft('a');
      // A survey that only had a draft is gone with it; one with versions stays.
      await s.deleteDraft('new-one');
      expect(await s.surveyIds()).not.toContain('new-one');
      expect(await s.surveyIds()).toContain('a');
    });

    it('publishes an existing version only', async () => {
      const s = await make();
      await s.add(version('a', 'x'));
      await s.add(version('a', 'y'));
      expect(await s.published('a')).toBeUndefined();
      await s.publish('a', 1);
      expect(await s.published('a')).toBe(1);
      await expect(s.publish('a', 9)).rejects.toThrow(/No version 9/);
      expect(await s.published('a')).toBe(1);
    });

    it('gives each of many concurrent adds its own number', async () => {
      const s = await make();
      const added = await Promise.all(Array.from({ length: 10 }, (_, i) => s.add(version('c', `v${i}`))));
      expect(added.map((v) => v.version).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });
  });
}
