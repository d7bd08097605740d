import { randomUUID } from 'node:crypto';
import type { createClient } from 'redis';
import { describe, expect, it } from 'vitest';
import type { AlertQueue, CaseAlert } from '../../src/core/ports.js';

export interface AlertQueueSetup {
  queue: AlertQueue;
  /** The same queue as another instance sees it (its own connection), or the same object when
   * there is only one process. */
  another(): Promise<AlertQueue> | AlertQueue;
  /** Makes `ms` pass for what the queue counts as "left unacknowledged for" (a fake clock, or
   * the idle time Redis keeps per pending entry), so redelivery is tested without waiting. */
  elapse(ms: number): Promise<void> | void;
}

function alertsFor(n: number, label = 'c'): CaseAlert[] {
  const run = randomUUID().slice(0, 8);
  return Array.from({ length: n }, (_, i) => ({ caseId: `case_${label}_${run}_${i}`, kind: i % 3 === 1 ? 'overdue' : 'new' }));
}

/**
 * What every AlertQueue must do: each alert goes to exactly one consumer (instance); one taken
 * and not acknowledged (the Slack call failed, the instance died) comes back after a minute.
 */
export function alertQueueContract(name: string, make: () => Promise<AlertQueueSetup> | AlertQueueSetup): void {
  describe(`AlertQueue contract: ${name}`, () => {
    it('gives nothing when there is nothing', async () => {
      const { queue } = await make();
      expect(await queue.take('a', 10)).toEqual([]);
    });

    it('hands out pushed alerts in order, each with an id of its own', async () => {
      const { queue } = await make();
      const alerts = alertsFor(3);
      for (const a of alerts) await queue.push(a);
      const taken = await queue.take('a', 10);
      expect(taken.map((t) => t.alert)).toEqual(alerts);
      const ids = taken.map((t) => t.id);
      for (const id of ids) expect(id).toMatch(/\S/);
      expect(new Set(ids).size).toBe(3);
    });

    it('hands out at most `count` at a time, the rest on the next take', async () => {
      const { queue } = await make();
      const alerts = alertsFor(5);
      for (const a of alerts) await queue.push(a);
      expect((await queue.take('a', 2)).map((t) => t.alert)).toEqual(alerts.slice(0, 2));
      expect((await queue.take('a', 2)).map((t) => t.alert)).toEqual(alerts.slice(2, 4));
      expect((await queue.take('a', 2)).map((t) => t.alert)).toEqual(alerts.slice(4));
      expect(await queue.take('a', 2)).toEqual([]);
    });

    it('does not hand a taken, unacknowledged alert to another consumer (or again to the same one)', async () => {
      const setup = await make();
      const [alert] = alertsFor(1);
      await setup.queue.push(alert!);
      expect((await setup.queue.take('a', 10)).map((t) => t.alert)).toEqual([alert]);
      expect(await setup.queue.take('b', 10)).toEqual([]);
      expect(await setup.queue.take('a', 10)).toEqual([]);
      const other = await setup.another();
      expect(await other.take('c', 10)).toEqual([]);
    });

    it('hands an alert pushed later to the next consumer, not the one still held by another', async () => {
      const { queue } = await make();
      const [first, second] = alertsFor(2);
      await queue.push(first!);
      const [held] = await queue.take('a', 10);
      await queue.push(second!);
      const taken = await queue.take('b', 10);
      expect(taken.map((t) => t.alert)).toEqual([second]);
      expect(taken[0]!.id).not.toBe(held!.id);
    });

    it('hands each of many alerts out exactly once to two consumers taking at the same time', async () => {
      const setup = await make();
      const other = await setup.another();
      const alerts = alertsFor(40);
      for (const a of alerts) await setup.queue.push(a);
      const got: { consumer: string; id: string; alert: CaseAlert }[] = [];
      const drain = async (queue: AlertQueue, consumer: string) => {
        for (;;) {
          const taken = await queue.take(consumer, 3);
          if (!taken.length) return;
          for (const t of taken) {
            got.push({ consumer, ...t });
            await queue.ack(t.id);
          }
        }
      };
      await Promise.all([drain(setup.queue, 'a'), drain(other, 'b'), drain(setup.queue, 'c'), drain(other, 'd')]);
      expect(got.map((g) => g.alert.caseId).sort()).toEqual(alerts.map((a) => a.caseId).sort());
      expect(new Set(got.map((g) => g.id)).size).toBe(alerts.length);
      expect(await setup.queue.take('a', 10)).toEqual([]);
    });

    it('hands an unacknowledged alert out again after a minute, never an acknowledged one', async () => {
      const setup = await make();
      const { elapse } = setup;
      const [acked, dropped] = alertsFor(2);
      await setup.queue.push(acked!);
      await setup.queue.push(dropped!);
      const taken = await setup.queue.take('a', 10);
      expect(taken.map((t) => t.alert)).toEqual([acked, dropped]);
      await setup.queue.ack(taken[0]!.id);

      await elapse(50_000);
      expect(await setup.queue.take('b', 10)).toEqual([]);

      await elapse(11_000);
      const again = await setup.queue.take('b', 10);
      expect(again).toEqual([{ id: taken[1]!.id, alert: dropped }]);
      // Now held by b, afresh: not handed to anyone else until it idles again.
      expect(await setup.queue.take('a', 10)).toEqual([]);

      await setup.queue.ack(again[0]!.id);
      await elapse(120_000);
      expect(await setup.queue.take('c', 10)).toEqual([]);
    });

    it('forgets an acknowledged alert for good', async () => {
      const setup = await make();
      const [alert, later] = alertsFor(2);
      await setup.queue.push(alert!);
      const [taken] = await setup.queue.take('a', 10);
      await setup.queue.ack(taken!.id);
      await setup.elapse(10 * 60_000);
      expect(await setup.queue.take('a', 10)).toEqual([]);
      expect(await setup.queue.take('b', 10)).toEqual([]);
      await setup.queue.push(later!);
      expect((await setup.queue.take('b', 10)).map((t) => t.alert)).toEqual([later]);
    });
  });
}

/** The three commands used, which a plain client and a Cluster client both have. */
type StreamCommands = Pick<ReturnType<typeof createClient>, 'xInfoGroups' | 'xPendingRange' | 'xClaimJustId'>;

/**
 * `elapse` for a Redis stream: a consumer group counts idle time on the server's own clock, so
 * instead of waiting, every pending entry is re-claimed by its owner with its idle time raised
 * (XCLAIM ... IDLE, JUSTID so the delivery count stays). `client` is a plain node-redis client
 * or a Cluster client (same command signatures).
 */
export function redisStreamElapse(client: StreamCommands, key: string): (ms: number) => Promise<void> {
  return async (ms) => {
    const groups = (await client.xInfoGroups(key)) as unknown as { name: string }[];
    for (const { name: group } of groups) {
      const pending = await client.xPendingRange(key, group, '-', '+', 10_000);
      for (const p of pending) {
        await client.xClaimJustId(key, group, p.consumer, 0, p.id, { IDLE: p.millisecondsSinceLastDelivery + ms });
      }
    }
  };
}
