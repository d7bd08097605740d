import { describe, expect, it } from 'vitest';
import { parseAppended } from '../../src/core/parseAppended.js';
import type { ActivityLog, ChatAppend, ChatSignal } from '../../src/core/ports.js';

/** An announcement as its activities, checked against its count. */
const read = (a: ChatAppend | undefined) => {
  if (!a) return a;
  const activities = parseAppended(a);
  expect(a.count).toBe(activities.length);
  return { activities, watermark: a.watermark };
};

const conv = (id: string) => ({ id, userId: 'u1', createdAt: '2026-11-23T00:00:00.000Z', locale: 'es' });
const opts = { ttlMs: 60_000 };

export function activityLogContract(name: string, make: () => Promise<ActivityLog> | ActivityLog): void {
  describe(`ActivityLog contract: ${name}`, () => {
    it('keeps a conversation and refuses to append to an unknown one', async () => {
      const log = await make();
      expect(await log.createConversation(conv('c1'), 60_000)).toBe(true);
      expect(await log.createConversation({ ...conv('c1'), userId: 'other' }, 60_000)).toBe(false);
      expect(await log.getConversation('c1')).toEqual(conv('c1'));
      expect(await log.getConversation('nope')).toBeUndefined();
      await expect(log.append('nope', { type: 'message' }, opts)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(log.appendAll('nope', [{ activity: { type: 'message' } }], opts)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('numbers activities in order and pages them by watermark', async () => {
      const log = await make();
      await log.createConversation(conv('c1'), 60_000);
      for (const text of ['a', 'b', 'c', '四 ⭐']) await log.append('c1', { type: 'message', text }, opts);
      const all = await log.since('c1', 0, 100);
      expect(all.watermark).toBe(4);
      expect(all.activities.map((a) => [a.id, a.text])).toEqual([['c1|0000001', 'a'], ['c1|0000002', 'b'], ['c1|0000003', 'c'], ['c1|0000004', '四 ⭐']]);
      expect(await log.since('c1', 2, 1)).toEqual({ activities: [expect.objectContaining({ text: 'c' })], watermark: 3 });
      expect(await log.since('c1', 4, 10)).toEqual({ activities: [], watermark: 4 });
    });

    it('returns the earlier activity for a repeated clientActivityId, adding nothing', async () => {
      const log = await make();
      await log.createConversation(conv('c1'), 60_000);
      const first = await log.append('c1', { type: 'message', text: 'hi' }, { ...opts, clientActivityId: 'x1' });
      const again = await log.append('c1', { type: 'message', text: 'hi' }, { ...opts, clientActivityId: 'x1' });
      expect(first.duplicate).toBe(false);
      expect(again).toEqual({ activity: first.activity, duplicate: true });
      expect((await log.since('c1', 0, 10)).activities).toHaveLength(1);
    });

    it('stops taking activities at maxActivities, still answering a retry of an earlier one', async () => {
      const log = await make();
      await log.createConversation(conv('c1'), 60_000);
      const capped = { ...opts, maxActivities: 3 };
      const first = await log.append('c1', { type: 'message', text: 'a' }, { ...capped, clientActivityId: 'k1' });
      await log.append('c1', { type: 'message', text: 'b' }, capped);
      await log.append('c1', { type: 'message', text: 'c' }, capped);
      await expect(log.append('c1', { type: 'message', text: 'd' }, capped)).rejects.toMatchObject({ code: 'CONVERSATION_FULL' });
      await expect(log.append('c1', { type: 'message', text: 'e' }, capped)).rejects.toMatchObject({ code: 'CONVERSATION_FULL' });
      expect(await log.append('c1', { type: 'message', text: 'a' }, { ...capped, clientActivityId: 'k1' })).toEqual({ activity: first.activity, duplicate: true });
      expect((await log.since('c1', 0, 100)).activities.map((a) => a.text)).toEqual(['a', 'b', 'c']);
      // Without the option (the bot's own replies) the log takes one more.
      await log.append('c1', { type: 'message', text: 'reply' }, opts);
      expect((await log.since('c1', 0, 100)).watermark).toBe(4);
    });

    it('appends the replies of a turn in order in one step, each retried one once, announced once with the activities', async () => {
      const log = await make();
      await log.createConversation(conv('c1'), 60_000);
      const heard: (ChatAppend | undefined)[] = [];
      const stop = await log.subscribe('c1', (_signal, appended) => heard.push(appended));
      await log.append('c1', { type: 'message', text: 'hi', id: 'ignored' }, opts);
      const first = await log.appendAll('c1', [{ activity: { type: 'message', text: 'a' }, clientActivityId: 'r~0' }, { activity: { type: 'message', text: 'b' } }], opts);
      expect(first).toEqual([
        { activity: { id: 'c1|0000002', type: 'message', text: 'a' }, duplicate: false },
        { activity: { id: 'c1|0000003', type: 'message', text: 'b' }, duplicate: false },
      ]);
      // The turn runs again after a fault: what it already added is returned, the rest added.
      const again = await log.appendAll('c1', [{ activity: { type: 'message', text: 'a' }, clientActivityId: 'r~0' }, { activity: { type: 'message', text: 'c' }, clientActivityId: 'r~1' }], opts);
      expect(again).toEqual([
        { activity: { id: 'c1|0000002', type: 'message', text: 'a' }, duplicate: true },
        { activity: { id: 'c1|0000004', type: 'message', text: 'c' }, duplicate: false },
      ]);
      // Nothing new: nothing announced.
      expect(await log.appendAll('c1', [{ activity: { type: 'message', text: 'c' }, clientActivityId: 'r~1' }], opts)).toEqual([{ activity: again[1]!.activity, duplicate: true }]);
      expect(await log.appendAll('c1', [], opts)).toEqual([]);
      const deadline = Date.now() + 3000;
      while (heard.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 50));
      await stop();
      // Each append is announced once with what it added and the watermark after it (the order
      // of announcements is not promised).
      expect(heard).toHaveLength(3);
      expect(heard.map(read)).toEqual(
        expect.arrayContaining([
          { activities: [{ id: 'c1|0000001', type: 'message', text: 'hi' }], watermark: 1 },
          { activities: first.map((r) => r.activity), watermark: 3 },
          { activities: [again[1]!.activity], watermark: 4 },
        ]),
      );
      expect((await log.since('c1', 0, 10)).activities.map((a) => a.text)).toEqual(['hi', 'a', 'b', 'c']);
    });

    // A web chat post keeps the customer's activity unannounced; its turn's replies carry it
    // to the streams (one announcement, one frame), or it is announced on its own.
    it('holds back an activity appended with announce: false until the replies carry it, or it is announced alone', async () => {
      const log = await make();
      await log.createConversation(conv('c1'), 60_000);
      const heard: ChatAppend[] = [];
      const stop = await log.subscribe('c1', (_signal, appended) => appended && heard.push(appended));
      const wait = async (n: number) => {
        const deadline = Date.now() + 3000;
        while (heard.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        await new Promise((r) => setTimeout(r, 50));
      };
      await log.append('c1', { type: 'message', text: 'hi' }, { ...opts, announce: false, clientActivityId: 'h1' });
      await log.appendAll('c1', [{ activity: { type: 'message', text: 'a' } }, { activity: { type: 'message', text: 'b' } }], { ...opts, announceFrom: 0 });
      await wait(1);
      expect(heard.map(read)).toEqual([{ activities: [expect.objectContaining({ id: 'c1|0000001', text: 'hi' }), expect.objectContaining({ id: 'c1|0000002', text: 'a' }), expect.objectContaining({ id: 'c1|0000003', text: 'b' })], watermark: 3 }]);
      // A turn with no reply (or all of them there already): the activity is announced alone.
      await log.append('c1', { type: 'message', text: 'again' }, { ...opts, announce: false });
      expect(await log.appendAll('c1', [], { ...opts, announceFrom: 3 })).toEqual([]);
      await wait(1);
      expect(heard).toHaveLength(1);
      await log.announce('c1', 3);
      await wait(2);
      expect(heard.slice(1).map(read)).toEqual([{ activities: [expect.objectContaining({ id: 'c1|0000004', text: 'again' })], watermark: 4 }]);
      // Nothing after the watermark: nothing announced.
      await log.announce('c1', 4);
      await wait(3);
      expect(heard).toHaveLength(2);
      await stop();
    });

    it('keeps conversations apart', async () => {
      const log = await make();
      await log.createConversation(conv('c1'), 60_000);
      await log.createConversation(conv('c2'), 60_000);
      await log.append('c1', { type: 'message', text: 'one' }, { ...opts, clientActivityId: 'same' });
      await log.append('c2', { type: 'message', text: 'two' }, { ...opts, clientActivityId: 'same' });
      expect((await log.since('c2', 0, 10)).activities.map((a) => a.text)).toEqual(['two']);
    });

    it('tells a subscriber about each new activity until it unsubscribes', async () => {
      const log = await make();
      await log.createConversation(conv('c1'), 60_000);
      let heard = 0;
      const stop = await log.subscribe('c1', () => heard++);
      await log.append('c1', { type: 'message', text: 'a' }, opts);
      await log.append('c1', { type: 'message', text: 'b' }, opts);
      const deadline = Date.now() + 3000;
      while (heard < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(heard).toBe(2);
      await stop();
      await log.append('c1', { type: 'message', text: 'c' }, opts);
      await new Promise((r) => setTimeout(r, 100));
      expect(heard).toBe(2);
    });

    it('passes a signal (typing) to whoever listens now, apart from appends, and keeps it nowhere', async () => {
      const log = await make();
      await log.createConversation(conv('c1'), 60_000);
      await log.createConversation(conv('c2'), 60_000);
      const heard: (ChatSignal | undefined)[] = [];
      const other: (ChatSignal | undefined)[] = [];
      const heardAppends: (ChatAppend | undefined)[] = [];
      const stop = await log.subscribe('c1', (signal, appended) => {
        heard.push(signal);
        if (appended) heardAppends.push(appended);
      });
      const stopOther = await log.subscribe('c2', (signal) => other.push(signal));
      const typing: ChatSignal = { type: 'typing', from: { id: 'u1', role: 'user' } };
      await log.signal('c1', typing);
      await log.append('c1', { type: 'message', text: 'a' }, opts);
      await log.signal('c1', { type: 'typing', from: { id: 'satisfy', name: 'Ana', role: 'bot' } });
      const deadline = Date.now() + 3000;
      while (heard.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      // Each arrives once; their order is not promised: on a Cluster the signal and the append's
      // announcement may be published through different nodes.
      expect(heard).toHaveLength(3);
      expect(heard).toEqual(expect.arrayContaining([typing, undefined, { type: 'typing', from: { id: 'satisfy', name: 'Ana', role: 'bot' } }]));
      expect(heardAppends.map(read)).toEqual([{ activities: [expect.objectContaining({ id: 'c1|0000001', text: 'a' })], watermark: 1 }]);
      expect(other).toEqual([]);
      expect((await log.since('c1', 0, 10)).activities.map((a) => a.type)).toEqual(['message']);
      await stop();
      await stopOther();
      await log.signal('c1', typing);
      await new Promise((r) => setTimeout(r, 100));
      expect(heard).toHaveLength(3);
    });
  });
}
