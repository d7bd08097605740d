import { describe, expect, it } from 'vitest';
import type { ResponseStore, SurveyResponse } from '../../src/core/ports.js';

function response(id: string, startedAt: string, surveyId = 'post-purchase'): SurveyResponse {
  return {
    id,
    surveyId,
    surveyVersion: 1,
    channel: 'test',
    locale: 'en',
    customerId: 'c1',
    orderId: 'o1',
    status: 'in_progress',
    startedAt,
    completedAt: null,
    answers: {},
    escalations: [],
  };
}

export function responseStoreContract(name: string, make: () => Promise<ResponseStore> | ResponseStore): void {
  describe(`ResponseStore contract: ${name}`, () => {
    it('keeps each answer as it is given, and the status when finished', async () => {
      const s = await make();
      await s.create(response('r1', '2026-11-01T10:00:00.000Z'));
      await s.recordAnswer('r1', 'csat', { value: 4, raw: 'four', attempts: 1, answeredAt: '2026-11-01T10:00:05.000Z' });
      expect((await s.get('r1'))?.answers.csat).toEqual({ value: 4, raw: 'four', attempts: 1, answeredAt: '2026-11-01T10:00:05.000Z' });
      await s.finish('r1', 'completed', '2026-11-01T10:01:00.000Z', 'happy');
      expect(await s.get('r1')).toMatchObject({ status: 'completed', completedAt: '2026-11-01T10:01:00.000Z', endingId: 'happy' });
    });

    it('is idempotent: creating twice or finishing twice changes nothing', async () => {
      const s = await make();
      await s.create(response('r1', '2026-11-01T10:00:00.000Z'));
      await s.recordAnswer('r1', 'csat', { value: 2, raw: '2', attempts: 1, answeredAt: 'x' });
      await s.create(response('r1', '2026-11-01T11:00:00.000Z'));
      await s.finish('r1', 'opted_out', 'first');
      await s.finish('r1', 'completed', 'second');
      expect(await s.get('r1')).toMatchObject({ startedAt: '2026-11-01T10:00:00.000Z', status: 'opted_out', completedAt: 'first', answers: { csat: { value: 2 } } });
    });

    it('records each escalation once', async () => {
      const s = await make();
      await s.create(response('r1', '2026-11-01T10:00:00.000Z'));
      const e = { reason: 'rule' as const, ruleId: 'low', priority: 'high', at: 'now' };
      await s.addEscalation('r1', e);
      await s.addEscalation('r1', e);
      expect((await s.get('r1'))?.escalations).toEqual([e]);
    });

    it('lists by survey and inclusive date range, oldest first', async () => {
      const s = await make();
      await s.create(response('b', '2026-11-02T00:00:00.000Z'));
      await s.create(response('a', '2026-11-01T00:00:00.000Z'));
      await s.create(response('c', '2026-11-03T00:00:00.000Z', 'other'));
      expect((await s.list({})).map((r) => r.id)).toEqual(['a', 'b', 'c']);
      expect((await s.list({ surveyId: 'post-purchase' })).map((r) => r.id)).toEqual(['a', 'b']);
      expect((await s.list({ from: '2026-11-02T00:00:00.000Z', to: '2026-11-03T00:00:00.000Z' })).map((r) => r.id)).toEqual(['b', 'c']);
      expect((await s.list({ limit: 1 })).map((r) => r.id)).toEqual(['a']);
    });

    it('pages with a cursor in both orders, never repeating or skipping responses of the same millisecond', async () => {
      const s = await make();
      const same = '2026-11-02T08:00:00.000Z';
      for (const id of ['m3', 'm1', 'm2', 'm4']) await s.create(response(id, same));
      await s.create(response('early', '2026-11-01T08:00:00.000Z'));
      await s.create(response('late', '2026-11-03T08:00:00.000Z'));
      await s.create(response('elsewhere', same, 'other'));
      const walk = async (order: 'asc' | 'desc', limit: number) => {
        const seen: string[][] = [];
        let after: { startedAt: string; id: string } | undefined;
        for (;;) {
          const page = await s.list({ surveyId: 'post-purchase', order, limit, ...(after ? { after } : {}) });
          if (!page.length) break;
          seen.push(page.map((r) => r.id));
          const last = page.at(-1)!;
          after = { startedAt: last.startedAt, id: last.id };
        }
        return seen;
      };
      expect(await walk('asc', 2)).toEqual([['early', 'm1'], ['m2', 'm3'], ['m4', 'late']]);
      expect(await walk('desc', 4)).toEqual([['late', 'm4', 'm3', 'm2'], ['m1', 'early']]);
      expect(await walk('asc', 1000)).toEqual([['early', 'm1', 'm2', 'm3', 'm4', 'late']]);
      // The range still bounds a page that starts after a cursor.
      expect((await s.list({ surveyId: 'post-purchase', after: { startedAt: same, id: 'm2' }, to: same })).map((r) => r.id)).toEqual(['m3', 'm4']);
    });

    it('pages every survey together in both orders, ties across surveys included', async () => {
      const s = await make();
      const same = '2026-11-02T08:00:00.000Z';
      for (const [id, survey] of [['m3', 'a'], ['m1', 'b'], ['m2', 'c'], ['m4', 'a'], ['m5', 'b']] as const) await s.create(response(id, same, survey));
      await s.create(response('early', '2026-11-01T08:00:00.000Z', 'c'));
      await s.create(response('late', '2026-11-03T08:00:00.000Z', 'b'));
      const walk = async (order: 'asc' | 'desc', limit: number) => {
        const seen: string[][] = [];
        let after: { startedAt: string; id: string } | undefined;
        for (;;) {
          const page = await s.list({ order, limit, ...(after ? { after } : {}) });
          if (!page.length) break;
          seen.push(page.map((r) => r.id));
          const last = page.at(-1)!;
          after = { startedAt: last.startedAt, id: last.id };
        }
        return seen;
      };
      expect(await walk('asc', 2)).toEqual([['early', 'm1'], ['m2', 'm3'], ['m4', 'm5'], ['late']]);
      expect(await walk('desc', 3)).toEqual([['late', 'm5', 'm4'], ['m3', 'm2', 'm1'], ['early']]);
      expect(await walk('asc', 1)).toHaveLength(7);
      expect((await s.list({ after: { startedAt: same, id: 'm2' }, to: same })).map((r) => r.id)).toEqual(['m3', 'm4', 'm5']);
      await s.delete('m4');
      expect((await s.list({ from: same, to: same, order: 'desc' })).map((r) => r.id)).toEqual(['m5', 'm3', 'm2', 'm1']);
    });

    it('keeps what it stores apart from what callers hold, given or read', async () => {
      const s = await make();
      const given = response('r1', '2026-11-01T10:00:00.000Z');
      await s.create(given);
      given.status = 'completed';
      given.escalations.push({ reason: 'customer', priority: 'high', at: 'now' });
      const answer = { value: 4, raw: '4', attempts: 1, answeredAt: '2026-11-01T10:00:05.000Z', aspects: [{ aspect: 'delivery', score: 0.5 }] };
      await s.recordAnswer('r1', 'csat', answer);
      answer.aspects[0]!.score = -1;
      answer.value = 1;
      const got = (await s.get('r1'))!;
      got.answers.csat!.raw = 'changed';
      got.answers.nps = { value: 0, raw: '0', attempts: 1, answeredAt: 'x' };
      got.escalations.push({ reason: 'customer', priority: 'high', at: 'now' });
      const listed = (await s.list({}))[0]!;
      listed.answers.csat!.aspects!.pop();
      expect(await s.get('r1')).toEqual({ ...response('r1', '2026-11-01T10:00:00.000Z'), answers: { csat: { value: 4, raw: '4', attempts: 1, answeredAt: '2026-11-01T10:00:05.000Z', aspects: [{ aspect: 'delivery', score: 0.5 }] } } });
    });

    it('ignores answers for an unknown response instead of inventing one', async () => {
      const s = await make();
      await s.recordAnswer('ghost', 'csat', { value: 1, raw: '1', attempts: 1, answeredAt: 'x' });
      expect(await s.get('ghost')).toBeUndefined();
    });
  });
}
