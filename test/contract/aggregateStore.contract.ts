import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AggregateStore } from '../../src/core/ports.js';
import type { AggregateUpdate } from '../../src/core/results/aggregateEvent.js';

/** The rules every results store keeps (memory, Redis, Redis Cluster). `make(topN)` gives a store
 * that folds a segment's values beyond the first topN into "other". */
export function aggregateStoreContract(name: string, make: (topN: number) => Promise<AggregateStore> | AggregateStore): void {
  describe(`AggregateStore contract: ${name}`, () => {
    const survey = () => `s-${randomUUID().slice(0, 8)}`;
    const update = (surveyId: string, key: string, over: Partial<AggregateUpdate> = {}): AggregateUpdate => ({
      surveyId,
      day: '2026-11-02',
      responseId: key.split(':')[0]!,
      key,
      segments: { channel: 'directline', locale: 'en', version: '1', brand: 'Acme' },
      counts: { started: 1 },
      ...over,
    });

    it('applies an update once per key, however often it comes', async () => {
      const store = await make(50);
      const s = survey();
      expect(await store.apply(update(s, 'r1:survey.started'))).toBe(true);
      expect(await store.apply(update(s, 'r1:survey.started'))).toBe(false);
      expect(await store.apply(update(s, 'r2:survey.started'))).toBe(true);
      // The same event key in another response is another event.
      expect(await store.apply(update(s, 'survey.started', { responseId: 'r3' }))).toBe(true);
      expect(await store.apply(update(s, 'survey.started', { responseId: 'r4' }))).toBe(true);
      expect(await store.apply(update(s, 'survey.started', { responseId: 'r4' }))).toBe(false);
      expect(await store.read(s, '2026-11-01', '2026-11-30')).toEqual(new Map([['2026-11-02', { started: 4 }]]));
    });

    it('lets exactly one of many racing applies of one key count', async () => {
      const store = await make(50);
      const s = survey();
      const results = await Promise.all(Array.from({ length: 12 }, () => store.apply(update(s, 'r1:answer.recorded:csat', { counts: { 'q:csat:n': 1, 'q:csat:v:4': 1 } }))));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await store.read(s, '2026-11-02', '2026-11-02')).get('2026-11-02')).toEqual({ 'q:csat:n': 1, 'q:csat:v:4': 1 });
    });

    it('keeps fractional and negative amounts exactly (co-moments, sentiment)', async () => {
      const store = await make(50);
      const s = survey();
      await store.apply(update(s, 'a', { counts: { 'co:q:x': 2.5, 'co:q:xy': -3 } }));
      await store.apply(update(s, 'b', { counts: { 'co:q:x': 0.25, 'co:q:xy': 1 } }));
      expect((await store.read(s, '2026-11-02', '2026-11-02')).get('2026-11-02')).toEqual({ 'co:q:x': 2.75, 'co:q:xy': -2 });
    });

    it('reads a day range inclusively, leaving out days with nothing', async () => {
      const store = await make(50);
      const s = survey();
      for (const [key, day] of [['a', '2026-10-31'], ['b', '2026-11-01'], ['c', '2026-11-03'], ['d', '2026-11-04']] as const) await store.apply(update(s, key, { day }));
      const days = await store.read(s, '2026-11-01', '2026-11-03');
      expect([...days.keys()]).toEqual(['2026-11-01', '2026-11-03']);
      expect((await store.read(s, '2027-01-01', '2027-01-31')).size).toBe(0);
      expect((await store.read('never-seen', '2026-01-01', '2026-12-31')).size).toBe(0);
    });

    it('counts each response in its segment groups too, and reads a group or several of its values', async () => {
      const store = await make(50);
      const s = survey();
      await store.apply(update(s, 'r1', { segments: { channel: 'slack', brand: 'Acme' } }));
      await store.apply(update(s, 'r2', { segments: { channel: 'directline', brand: 'Bolt' } }));
      await store.apply(update(s, 'r3', { segments: { channel: 'directline', brand: 'Acme' } }));
      const read = async (name: string, values: string[]) => (await store.read(s, '2026-11-02', '2026-11-02', { name, values })).get('2026-11-02');
      expect(await read('brand', ['Acme'])).toEqual({ started: 2 });
      expect(await read('brand', ['Bolt'])).toEqual({ started: 1 });
      expect(await read('brand', ['Acme', 'Bolt'])).toEqual({ started: 3 });
      expect(await read('channel', ['slack'])).toEqual({ started: 1 });
      expect(await read('brand', ['Nobody'])).toBeUndefined();
      expect((await store.segments(s)).sort()).toEqual(['brand', 'channel']);
      expect((await store.segmentValues(s, 'brand')).sort()).toEqual(['Acme', 'Bolt']);
    });

    it('folds a segment\'s values beyond the top N into "other"', async () => {
      const store = await make(2);
      const s = survey();
      for (const [i, brand] of ['A', 'B', 'C', 'D', 'A'].entries()) await store.apply(update(s, `r${i}`, { segments: { brand } }));
      expect((await store.segmentValues(s, 'brand')).sort()).toEqual(['A', 'B', 'other']);
      const read = async (v: string) => (await store.read(s, '2026-11-02', '2026-11-02', { name: 'brand', values: [v] })).get('2026-11-02');
      expect(await read('A')).toEqual({ started: 2 });
      expect(await read('other')).toEqual({ started: 2 });
      expect(await read('C')).toBeUndefined();
    });

    it('counts updates that share one segments object (a response\'s turns) in the same groups, before and after a clear', async () => {
      const store = await make(1);
      const s = survey();
      const first = { brand: 'A' };
      const second = { brand: 'B' };
      await store.applyAll([update(s, 'r1:start', { segments: first }), update(s, 'r2:start', { segments: second })]);
      await store.applyAll([update(s, 'r1:csat', { segments: first, counts: { n: 1 } }), update(s, 'r2:csat', { segments: second, counts: { n: 1 } })]);
      const read = async (v: string) => (await store.read(s, '2026-11-02', '2026-11-02', { name: 'brand', values: [v] })).get('2026-11-02');
      expect(await read('A')).toEqual({ started: 1, n: 1 });
      expect(await read('other')).toEqual({ started: 1, n: 1 });
      await store.clear(s);
      // After a clear, B is the first value seen: admitted now, whatever it was before.
      await store.apply(update(s, 'r2:again', { segments: second }));
      await store.apply(update(s, 'r1:again', { segments: first }));
      expect(await read('B')).toEqual({ started: 1 });
      expect(await read('other')).toEqual({ started: 1 });
    });

    it('keeps segment values with any characters apart', async () => {
      const store = await make(50);
      const s = survey();
      const odd = ['a=b', 'x:y', '品牌', 'with space', "quote'\""];
      for (const [i, v] of odd.entries()) await store.apply(update(s, `r${i}`, { segments: { brand: v } }));
      for (const v of odd) expect((await store.read(s, '2026-11-02', '2026-11-02', { name: 'brand', values: [v] })).get('2026-11-02'), v).toEqual({ started: 1 });
    });

    it('clears one survey and its applied keys, and no other', async () => {
      const store = await make(50);
      const [a, b] = [survey(), survey()];
      await store.apply(update(a, 'k'));
      await store.apply(update(b, 'k'));
      await store.clear(a);
      expect((await store.read(a, '2026-11-01', '2026-11-30')).size).toBe(0);
      expect(await store.segments(a)).toEqual([]);
      expect(await store.apply(update(a, 'k'))).toBe(true);
      expect((await store.read(b, '2026-11-01', '2026-11-30')).get('2026-11-02')).toEqual({ started: 1 });
    });

    it('forgets which events of an erased response were applied, keeping the counts', async () => {
      const store = await make(50);
      const s = survey();
      await store.apply(update(s, 'survey.started', { responseId: 'erased' }));
      await store.forgetResponse(s, 'erased');
      await store.forgetResponse(s, 'never-seen');
      expect((await store.read(s, '2026-11-02', '2026-11-02')).get('2026-11-02')).toEqual({ started: 1 });
      // Nothing would apply it again (the response is gone); if something did, it would count.
      expect(await store.apply(update(s, 'survey.started', { responseId: 'erased' }))).toBe(true);
    });

    it('applies a batch in one step, each update once, across surveys, saying what each did', async () => {
      const store = await make(50);
      const [a, b] = [survey(), survey()];
      const results = await store.applyAll([
        update(a, 'survey.started', { responseId: 'r1' }),
        update(b, 'survey.started', { responseId: 'r1' }),
        update(a, 'answer.recorded:q', { responseId: 'r1', counts: { 'q:q:v:4': 1, 'co:q:x': 1.5 } }),
        update(a, 'survey.started', { responseId: 'r1' }),
        update(a, 'answer.recorded:p', { responseId: 'r1', counts: { 'co:q:x': 2.25 } }),
      ]);
      expect(results).toEqual([true, true, true, false, true]);
      expect((await store.read(a, '2026-11-02', '2026-11-02')).get('2026-11-02')).toEqual({ started: 1, 'q:q:v:4': 1, 'co:q:x': 3.75 });
      expect((await store.read(b, '2026-11-02', '2026-11-02')).get('2026-11-02')).toEqual({ started: 1 });
      expect(await store.applyAll([])).toEqual([]);
    });

    it('totals a range on the store side, and reads or totals only the counters asked for', async () => {
      const store = await make(50);
      const s = survey();
      await store.apply(update(s, 'a', { day: '2026-11-01', counts: { started: 1, 'q:csat:v:4': 1, 'q:why:s:negative': 1 } }));
      await store.apply(update(s, 'b', { day: '2026-11-02', counts: { started: 1, 'q:csat:v:5': 1, 'co:d:2:4': 1 } }));
      await store.apply(update(s, 'c', { day: '2026-11-09', counts: { started: 1, 'q:csat:v:4': 1 } }));
      expect(await store.total(s, '2026-11-01', '2026-11-02')).toEqual({ started: 2, 'q:csat:v:4': 1, 'q:csat:v:5': 1, 'q:why:s:negative': 1, 'co:d:2:4': 1 });
      expect(await store.total(s, '2026-11-01', '2026-11-30', undefined, ['started', 'q:csat:v:'])).toEqual({ started: 3, 'q:csat:v:4': 2, 'q:csat:v:5': 1 });
      expect(await store.total(s, '2026-11-01', '2026-11-30', { name: 'brand', values: ['Acme'] }, ['q:csat:v:'])).toEqual({ 'q:csat:v:4': 2, 'q:csat:v:5': 1 });
      expect(await store.total(s, '2027-01-01', '2027-01-31')).toEqual({});
      // Exact names: only those counters, and a name nobody counted is simply absent.
      expect(await store.total(s, '2026-11-01', '2026-11-30', undefined, ['started', 'q:csat:v:4', 'q:csat:v:3'])).toEqual({ started: 3, 'q:csat:v:4': 2 });
      expect(await store.read(s, '2026-11-01', '2026-11-30', undefined, ['q:csat:v:5'])).toEqual(new Map([['2026-11-01', {}], ['2026-11-02', { 'q:csat:v:5': 1 }], ['2026-11-09', {}]]));
      expect(await store.read(s, '2026-11-01', '2026-11-30', undefined, ['q:csat:'])).toEqual(
        new Map([
          ['2026-11-01', { 'q:csat:v:4': 1 }],
          ['2026-11-02', { 'q:csat:v:5': 1 }],
          ['2026-11-09', { 'q:csat:v:4': 1 }],
        ]),
      );
    });
  });
}
