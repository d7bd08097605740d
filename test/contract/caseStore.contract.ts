import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { EscalationCase } from '../../src/core/cases.js';
import type { CaseStore } from '../../src/core/ports.js';

/** A case id no other test (sharing the same Redis) uses. */
function uniqueId(label = 'case'): string {
  return `${label}_${randomUUID().slice(0, 8)}`;
}

/** A complete case, created `agoMs` before now (recent, so a store trimming its index to the
 * retention keeps it). */
export function testCase(id: string, agoMs = 0, overrides: Partial<EscalationCase> = {}): EscalationCase {
  const at = new Date(Date.now() - agoMs).toISOString();
  return {
    id,
    responseId: `resp_${id}`,
    surveyId: 'post-purchase',
    surveyVersion: 1,
    locale: 'zh-CN',
    customer: { id: 'c-1', name: '王小明' },
    order: { id: 'o-1' },
    address: { channelId: 'directline', conversationId: `conv_${id}`, userId: 'u-1' },
    triggers: [{ ruleId: 'low-csat', reason: 'rule', priority: 'high', at }],
    priority: 'high',
    scores: [{ questionId: 'csat', value: 1, min: 1, max: 5 }],
    quotes: [{ questionId: 'liked', text: '太慢了 ⭐', sentiment: -0.8, label: 'negative' }],
    transcript: [{ at, from: 'customer', text: '太慢了 ⭐' }],
    status: 'open',
    createdAt: at,
    updatedAt: at,
    slaDeadline: new Date(Date.parse(at) + 15 * 60_000).toISOString(),
    overdue: 0,
    ...overrides,
  };
}

/**
 * What every CaseStore must do. Agents on several instances claim and work the same case, so
 * `update` must be a compare-and-set: no change may be lost and a claim may be won only once.
 */
export function caseStoreContract(name: string, make: () => Promise<CaseStore> | CaseStore): void {
  describe(`CaseStore contract: ${name}`, () => {
    it('creates a case once; a second create with the same id is refused and changes nothing', async () => {
      const s = await make();
      const id = uniqueId();
      const original = testCase(id);
      expect(await s.create(original)).toBe(true);
      expect(await s.create({ ...original, status: 'resolved', priority: 'urgent', transcript: [] })).toBe(false);
      expect(await s.get(id)).toEqual(original);
    });

    it('returns nothing for an id never created', async () => {
      const s = await make();
      expect(await s.get(uniqueId('missing'))).toBeUndefined();
    });

    it('hands out copies: mutating a case read (or created) does not change the stored one', async () => {
      const s = await make();
      const id = uniqueId();
      const created = testCase(id);
      const snapshot = structuredClone(created);
      await s.create(created);
      created.status = 'expired';
      created.transcript.push({ at: created.createdAt, from: 'bot', text: 'changed after create' });

      const read = (await s.get(id))!;
      expect(read).toEqual(snapshot);
      read.status = 'resolved';
      read.transcript.push({ at: read.createdAt, from: 'bot', text: 'changed after get' });
      read.customer.name = 'someone else';

      expect(await s.get(id)).toEqual(snapshot);
    });

    it('applies an update, returning and storing the new case', async () => {
      const s = await make();
      const id = uniqueId();
      await s.create(testCase(id));
      const agent = { id: 'ana', name: 'Ana', via: 'console' as const };
      const updated = await s.update(id, (c) => ({ ...c, status: 'claimed', assignee: agent, claimedAt: '2026-11-23T12:05:00.000Z' }));
      expect(updated).toMatchObject({ id, status: 'claimed', assignee: agent, claimedAt: '2026-11-23T12:05:00.000Z' });
      expect(await s.get(id)).toEqual(updated);
    });

    it('leaves the case as it is when the change returns undefined, returning the stored case', async () => {
      const s = await make();
      const id = uniqueId();
      const original = testCase(id);
      await s.create(original);
      let seen: EscalationCase | undefined;
      const result = await s.update(id, (c) => {
        seen = c;
        return undefined;
      });
      expect(seen).toEqual(original);
      expect(result).toEqual(original);
      expect(await s.get(id)).toEqual(original);
    });

    it('returns undefined when updating a case that does not exist, without calling the change or creating it', async () => {
      const s = await make();
      const id = uniqueId('missing');
      let called = false;
      const result = await s.update(id, (c) => {
        called = true;
        return { ...c, status: 'claimed' };
      });
      expect(result).toBeUndefined();
      expect(called).toBe(false);
      expect(await s.get(id)).toBeUndefined();
    });

    it('loses no change when 20 updates race (each appends one transcript entry)', async () => {
      const s = await make();
      const id = uniqueId();
      await s.create(testCase(id));
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          s.update(id, (c) => ({ ...c, transcript: [...c.transcript, { at: c.createdAt, from: 'agent', text: `note ${i}`, id: `n${i}` }] })),
        ),
      );
      const failures = results.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error)?.message ?? r.reason)] : []));
      expect(failures).toEqual([]);
      const stored = (await s.get(id))!;
      expect(stored.transcript).toHaveLength(21);
      expect(stored.transcript.slice(1).map((t) => t.id).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `n${i}`).sort());
    });

    it('lets exactly one of two racing claims win', async () => {
      const s = await make();
      const id = uniqueId();
      await s.create(testCase(id));
      const claim = (agentId: string) =>
        s.update(id, (c) => (c.status === 'open' ? { ...c, status: 'claimed', assignee: { id: agentId, name: agentId, via: 'console' } } : undefined));
      const [a, b] = await Promise.all([claim('ana'), claim('bo')]);
      // Both see the case claimed; both name the same winner, the one stored.
      expect(a?.status).toBe('claimed');
      expect(b?.status).toBe('claimed');
      expect(a?.assignee?.id).toBe(b?.assignee?.id);
      const stored = (await s.get(id))!;
      expect(stored.status).toBe('claimed');
      expect(stored.assignee?.id).toBe(a?.assignee?.id);
      expect(['ana', 'bo']).toContain(stored.assignee?.id);
    });

    it('lists the newest first (by createdAt), up to the limit', async () => {
      const s = await make();
      const oldest = uniqueId('oldest');
      const middle = uniqueId('middle');
      const newest = uniqueId('newest');
      // Created out of order, so insertion order cannot pass for creation order.
      await s.create(testCase(middle, 60_000));
      await s.create(testCase(newest, 1_000));
      await s.create(testCase(oldest, 120_000));
      expect((await s.list(10)).map((c) => c.id)).toEqual([newest, middle, oldest]);
      expect((await s.list(2)).map((c) => c.id)).toEqual([newest, middle]);
      expect((await s.list(1)).map((c) => c.id)).toEqual([newest]);
      const [first] = await s.list(1);
      expect(first).toEqual(await s.get(newest));
    });

    it('lists cases as they are now, after updates', async () => {
      const s = await make();
      const id = uniqueId();
      await s.create(testCase(id));
      await s.update(id, (c) => ({ ...c, status: 'resolved' }));
      expect((await s.list(5)).map((c) => [c.id, c.status])).toEqual([[id, 'resolved']]);
    });

    it('links a Slack thread to a case and finds it again; an unknown ts finds nothing', async () => {
      const s = await make();
      const id = uniqueId();
      const other = uniqueId();
      const ts = `${Date.now()}.${Math.floor(Math.random() * 1e6)}`;
      await s.create(testCase(id));
      await s.create(testCase(other));
      await s.linkSlackThread(ts, id);
      await s.linkSlackThread(`${ts}9`, other);
      expect(await s.bySlackThread(ts)).toBe(id);
      expect(await s.bySlackThread(`${ts}9`)).toBe(other);
      expect(await s.bySlackThread(`${ts}0`)).toBeUndefined();
    });
  });
}
