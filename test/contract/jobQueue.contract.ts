import { describe, expect, it } from 'vitest';
import { LEASE_LOST, type Job, type JobQueue } from '../../src/scheduler/JobQueue.js';
import type { FakeClock } from '../support/scripts.js';

export interface JobQueueSetup {
  /** A queue of its own (empty), on `clock` (which dates the dead letters). */
  queue: JobQueue;
  /** The same queue as another instance sees it (its own connection), or the same object when
   * there is only one process. */
  another(): Promise<JobQueue> | JobQueue;
  clock: FakeClock;
}

const LEASE = 60_000;

/**
 * What every JobQueue must do: a job runs when due, is held by one worker at a time under a
 * lease, comes back after a failure at the time asked or goes to the dead letters, and two
 * instances claiming at once never get the same job.
 */
export function jobQueueContract(name: string, make: () => Promise<JobQueueSetup> | JobQueueSetup): void {
  describe(`JobQueue contract: ${name}`, () => {
    it('schedules a job once: the same id again changes nothing while it waits or runs', async () => {
      const { queue, clock } = await make();
      const t = clock.now();
      expect(await queue.schedule({ id: 'a', kind: 'k', runAt: t, payload: { n: 1 } })).toBe(true);
      expect(await queue.schedule({ id: 'a', kind: 'other', runAt: t - 5, payload: { n: 2 } })).toBe(false);
      expect(await queue.counts()).toEqual({ waiting: 1, running: 0, dead: 0 });
      const [job] = await queue.claim(t, 10, LEASE);
      expect(job).toEqual({ id: 'a', kind: 'k', runAt: t, payload: { n: 1 }, attempts: 0 });
      expect(await queue.schedule({ id: 'a', kind: 'k', runAt: t, payload: { n: 3 } })).toBe(false);
      expect(await queue.counts()).toEqual({ waiting: 0, running: 1, dead: 0 });
    });

    it('hands out only due jobs, earliest first, at most `max`, with their payload as given', async () => {
      const { queue, clock } = await make();
      const t = clock.now();
      const payload = { text: 'café ⭐ 四', ratio: 0.1 + 0.2, big: 1_764_000_000_123, list: [], empty: {}, nested: { deep: [1, 'two', null, true] } };
      await queue.schedule({ id: 'later', kind: 'k', runAt: t + 1, payload: null });
      await queue.schedule({ id: 'now', kind: 'k', runAt: t, payload });
      await queue.schedule({ id: 'earlier', kind: 'k', runAt: t - 1000, payload: 'x' });
      await queue.schedule({ id: 'earliest', kind: 'k', runAt: t - 2000, payload: 7 });
      expect((await queue.claim(t, 2, LEASE)).map((j) => j.id)).toEqual(['earliest', 'earlier']);
      const [now, ...rest] = await queue.claim(t, 10, LEASE);
      expect(rest).toEqual([]);
      expect(now).toEqual({ id: 'now', kind: 'k', runAt: t, payload, attempts: 0 });
      expect(await queue.claim(t, 10, LEASE)).toEqual([]);
      expect((await queue.claim(t + 1, 10, LEASE)).map((j) => j.id)).toEqual(['later']);
    });

    it('cancels a waiting job, but not one that runs or never was', async () => {
      const { queue, clock } = await make();
      const t = clock.now();
      await queue.schedule({ id: 'a', kind: 'k', runAt: t + 10, payload: 1 });
      await queue.schedule({ id: 'b', kind: 'k', runAt: t, payload: 2 });
      expect(await queue.cancel('a')).toBe(true);
      expect(await queue.cancel('a')).toBe(false);
      expect(await queue.cancel('nope')).toBe(false);
      await queue.claim(t, 10, LEASE);
      expect(await queue.cancel('b')).toBe(false);
      expect(await queue.claim(t + 1000, 10, 1)).toEqual([]);
      expect(await queue.counts()).toEqual({ waiting: 0, running: 1, dead: 0 });
      // A cancelled id is free again.
      expect(await queue.schedule({ id: 'a', kind: 'k', runAt: t, payload: 3 })).toBe(true);
    });

    it('holds a claimed job from every claimer until its lease runs out, then hands it out again as a failed attempt', async () => {
      const setup = await make();
      const { queue, clock } = setup;
      const other = await setup.another();
      const t = clock.now();
      await queue.schedule({ id: 'a', kind: 'k', runAt: t, payload: { p: 1 } });
      expect((await queue.claim(t, 10, 1000)).map((j) => j.id)).toEqual(['a']);
      expect(await other.claim(t + 999, 10, 1000)).toEqual([]);
      expect(await queue.claim(t + 999, 10, 1000)).toEqual([]);
      const [again] = await other.claim(t + 1000, 10, 1000);
      expect(again).toEqual({ id: 'a', kind: 'k', runAt: t, payload: { p: 1 }, attempts: 1, lastError: LEASE_LOST });
      // Now held afresh by the second claimer.
      expect(await queue.claim(t + 1999, 10, 1000)).toEqual([]);
      expect((await queue.claim(t + 2000, 10, 1000))[0]?.attempts).toBe(2);
      expect(await queue.counts()).toEqual({ waiting: 0, running: 1, dead: 0 });
    });

    it('forgets a completed job for good, and frees its id', async () => {
      const { queue, clock } = await make();
      const t = clock.now();
      await queue.schedule({ id: 'a', kind: 'k', runAt: t, payload: 1 });
      await queue.claim(t, 10, 1000);
      await queue.complete('a');
      await queue.complete('a');
      expect(await queue.counts()).toEqual({ waiting: 0, running: 0, dead: 0 });
      expect(await queue.claim(t + 10 * LEASE, 10, 1000)).toEqual([]);
      expect(await queue.schedule({ id: 'a', kind: 'k', runAt: t, payload: 2 })).toBe(true);
      expect((await queue.claim(t, 10, 1000))[0]?.payload).toBe(2);
    });

    it('runs a failed job again at the time asked, counting the attempt and keeping the reason', async () => {
      const { queue, clock } = await make();
      const t = clock.now();
      await queue.schedule({ id: 'a', kind: 'k', runAt: t, payload: 'p' });
      await queue.claim(t, 10, LEASE);
      await queue.fail('a', 'HTTP 500', t + 30_000);
      expect(await queue.counts()).toEqual({ waiting: 1, running: 0, dead: 0 });
      expect(await queue.claim(t + 29_999, 10, LEASE)).toEqual([]);
      const [retry] = await queue.claim(t + 30_000, 10, LEASE);
      expect(retry).toEqual({ id: 'a', kind: 'k', runAt: t + 30_000, payload: 'p', attempts: 1, lastError: 'HTTP 500' });
      await queue.fail('a', 'timeout', t + 60_000);
      expect((await queue.claim(t + 60_000, 10, LEASE))[0]).toMatchObject({ attempts: 2, lastError: 'timeout' });
      // A job not running is not failed (it was completed meanwhile).
      await queue.complete('a');
      await queue.fail('a', 'late', t);
      expect(await queue.counts()).toEqual({ waiting: 0, running: 0, dead: 0 });
      expect(await queue.deadLetters(10)).toEqual([]);
    });

    it('moves a job given up to the dead letters, newest first, with why and when', async () => {
      const { queue, clock } = await make();
      const t = clock.now();
      await queue.schedule({ id: 'first', kind: 'k', runAt: t, payload: { n: 1 } });
      await queue.schedule({ id: 'second', kind: 'j', runAt: t, payload: { n: 2 } });
      await queue.claim(t, 10, LEASE);
      await queue.fail('first', 'gone', undefined);
      clock.advance(1000);
      await queue.fail('second', 'HTTP 410', undefined);
      expect(await queue.counts()).toEqual({ waiting: 0, running: 0, dead: 2 });
      expect(await queue.claim(t + 100 * LEASE, 10, LEASE)).toEqual([]);
      expect(await queue.deadLetters(10)).toEqual([
        { id: 'second', kind: 'j', runAt: t, payload: { n: 2 }, attempts: 1, lastError: 'HTTP 410', diedAt: t + 1000 },
        { id: 'first', kind: 'k', runAt: t, payload: { n: 1 }, attempts: 1, lastError: 'gone', diedAt: t },
      ]);
      expect((await queue.deadLetters(1)).map((j) => j.id)).toEqual(['second']);
      expect(await queue.deadLetters(0)).toEqual([]);
    });

    it('revives a dead job afresh, once; a new job of the same id replaces its dead letter', async () => {
      const { queue, clock } = await make();
      const t = clock.now();
      for (const id of ['a', 'b']) {
        await queue.schedule({ id, kind: 'k', runAt: t, payload: id });
        await queue.claim(t, 10, LEASE);
        await queue.fail(id, 'bad', undefined);
      }
      expect(await queue.revive('a', t + 5000)).toBe(true);
      expect(await queue.revive('a', t + 5000)).toBe(false);
      expect(await queue.revive('never', t)).toBe(false);
      expect(await queue.counts()).toEqual({ waiting: 1, running: 0, dead: 1 });
      expect(await queue.claim(t + 4999, 10, LEASE)).toEqual([]);
      expect(await queue.claim(t + 5000, 10, LEASE)).toEqual([{ id: 'a', kind: 'k', runAt: t + 5000, payload: 'a', attempts: 0 }]);

      expect(await queue.schedule({ id: 'b', kind: 'k2', runAt: t, payload: 'new' })).toBe(true);
      expect(await queue.deadLetters(10)).toEqual([]);
      expect(await queue.revive('b', t)).toBe(false);
      expect(await queue.claim(t, 10, LEASE)).toEqual([{ id: 'b', kind: 'k2', runAt: t, payload: 'new', attempts: 0 }]);
    });

    it('never hands one job to two instances claiming at the same time', async () => {
      const setup = await make();
      const { queue, clock } = setup;
      const other = await setup.another();
      const t = clock.now();
      const ids = Array.from({ length: 60 }, (_, i) => `job-${String(i).padStart(2, '0')}`);
      await Promise.all(ids.map((id, i) => queue.schedule({ id, kind: 'k', runAt: t - (i % 7), payload: i })));
      const got: Job[] = [];
      const drain = async (q: JobQueue) => {
        for (;;) {
          const jobs = await q.claim(t, 3, LEASE);
          if (!jobs.length) return;
          got.push(...jobs);
          await Promise.all(jobs.map((j) => q.complete(j.id)));
        }
      };
      await Promise.all([drain(queue), drain(other), drain(queue), drain(other)]);
      expect(got.map((j) => j.id).sort()).toEqual(ids);
      expect(await queue.counts()).toEqual({ waiting: 0, running: 0, dead: 0 });
    });
  });
}
