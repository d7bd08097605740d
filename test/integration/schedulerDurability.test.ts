import { spawn, type ChildProcess } from 'node:child_process';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { LEASE_LOST, type Job } from '../../src/scheduler/JobQueue.js';
import { Registry } from 'prom-client';
import { registerJobGauges } from '../../src/metrics/jobGauges.js';
import { JobRunner, JobGiveUp, type JobRun } from '../../src/scheduler/JobRunner.js';
import { MemoryJobQueue } from '../../src/scheduler/MemoryJobQueue.js';
import type { Stores } from '../../src/storage/Stores.js';
import { redisUrl, testRedisStores, uniquePrefix } from '../support/redis.js';
import { startRedisServer } from '../support/redisServer.js';
import { FakeClock, ROOT } from '../support/scripts.js';

const silent = pino({ level: 'silent' });
const children: ChildProcess[] = [];
const opened: Stores[] = [];

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await Promise.all(opened.map((s) => s.close()));
});

async function open(prefix: string, clock: FakeClock, url = redisUrl()): Promise<Stores> {
  const stores = await testRedisStores({ url }, prefix, clock);
  opened.push(stores);
  return stores;
}

/** A log that keeps its lines, to read what an operator would see. */
function recordingLog(): { log: pino.Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const log = pino({ level: 'info' }, { write: (s: string) => void chunks.push(s) });
  return { log, lines: () => chunks.map((c) => JSON.parse(c) as Record<string, unknown>) };
}

describe('a worker killed in the middle of a job', () => {
  it('leaves the job to another instance once the lease runs out, which runs it exactly once', async () => {
    const prefix = uniquePrefix();
    const leaseMs = 30_000;
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/jobClaimer.ts', redisUrl(), prefix, 'doomed-1', String(leaseMs)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const deadline = Date.now() + 15_000;
    while (!/claimed doomed-1 at \d+/.test(output)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the worker did not claim its job:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const claimedAt = Number(/at (\d+)/.exec(output)![1]);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    // Two more instances, each on its own connection, on a clock they share.
    const clock = new FakeClock(claimedAt + 1000);
    const runs: { instance: string; job: Job; run: JobRun }[] = [];
    const runner = async (instance: string) => {
      const stores = await open(prefix, clock);
      return new JobRunner({ queue: stores.jobs, clock, log: silent, handlers: { 'durable.test': async (job, run) => void runs.push({ instance, job, run }) } });
    };
    const [a, b] = [await runner('a'), await runner('b')];

    expect(await Promise.all([a.runDue(), b.runDue()])).toEqual([0, 0]);
    clock.time = claimedAt + leaseMs - 1;
    expect(await Promise.all([a.runDue(), b.runDue()])).toEqual([0, 0]);

    clock.time = claimedAt + leaseMs;
    const ran = await Promise.all([a.runDue(), b.runDue(), a.runDue(), b.runDue()]);
    expect(ran.reduce((x, y) => x + y, 0)).toBe(1);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.job).toMatchObject({ id: 'doomed-1', payload: { from: 'the worker that dies' }, attempts: 1, lastError: LEASE_LOST });
    expect(runs[0]!.run).toEqual({ attempt: 2, final: false });

    clock.advance(10 * leaseMs);
    expect(await Promise.all([a.runDue(), b.runDue()])).toEqual([0, 0]);
    expect(await (await open(prefix, clock)).jobs.counts()).toEqual({ waiting: 0, running: 0, dead: 0 });
  });
});

describe('a delayed job across a Redis restart', () => {
  it('survives Redis stopping and starting again, and runs once when due', async () => {
    const redis = await startRedisServer({ persistent: true });
    try {
      const prefix = uniquePrefix();
      const clock = new FakeClock();
      const before = await testRedisStores({ url: redis.url }, prefix, clock);
      expect(await before.jobs.schedule({ id: 'reminder-1', kind: 'invitation.remind', runAt: clock.now() + 3_600_000, payload: { invitationId: 'inv-1' } })).toBe(true);
      await before.close();

      await redis.stop();
      await redis.start();

      const after = await testRedisStores({ url: redis.url }, prefix, clock);
      try {
        const seen: Job[] = [];
        const runner = new JobRunner({ queue: after.jobs, clock, log: silent, handlers: { 'invitation.remind': async (job) => void seen.push(job) } });
        expect(await after.jobs.counts()).toEqual({ waiting: 1, running: 0, dead: 0 });
        expect(await runner.runDue()).toBe(0);
        clock.advance(3_600_000);
        expect(await runner.runDue()).toBe(1);
        expect(await runner.runDue()).toBe(0);
        expect(seen).toEqual([{ id: 'reminder-1', kind: 'invitation.remind', runAt: clock.now(), payload: { invitationId: 'inv-1' }, attempts: 0 }]);
        expect(await after.jobs.counts()).toEqual({ waiting: 0, running: 0, dead: 0 });
      } finally {
        await after.close();
      }
    } finally {
      await redis.destroy();
    }
  });
});

describe('JobRunner', () => {
  const SECOND = 1000;
  const MINUTE = 60 * SECOND;

  it('retries a failing job with growing waits (30 s, 2 min, 8 min … capped), then gives up with the reason in the dead letters and the log', async () => {
    const clock = new FakeClock();
    const queue = new MemoryJobQueue(clock);
    const { log, lines } = recordingLog();
    const attempts: { at: number; run: JobRun }[] = [];
    const runner = new JobRunner({
      queue,
      clock,
      log,
      maxAttempts: 6,
      random: () => 0.5, // no jitter
      backoff: { maxMs: 30 * MINUTE },
      handlers: {
        flaky: async (_job, run) => {
          attempts.push({ at: clock.now(), run });
          throw new Error(`HTTP 503 on attempt ${run.attempt}`);
        },
      },
    });
    const start = clock.now();
    await queue.schedule({ id: 'j1', kind: 'flaky', runAt: start, payload: {} });
    // Step a second at a time for a day: each run happens exactly when its wait is over; the
    // fifth wait (32 min) is capped at 30.
    for (let t = 0; t <= 24 * 60 * MINUTE; t += SECOND) {
      clock.time = start + t;
      await runner.runDue();
    }
    expect(attempts.map((a) => a.at - start)).toEqual([0, 30 * SECOND, 150 * SECOND, 630 * SECOND, 2430 * SECOND, 4230 * SECOND]);
    expect(attempts.map((a) => a.run)).toEqual([1, 2, 3, 4, 5, 6].map((attempt) => ({ attempt, final: attempt === 6 })));
    const [dead] = await queue.deadLetters(10);
    expect(dead).toEqual({ id: 'j1', kind: 'flaky', runAt: start + 4230 * SECOND, payload: {}, attempts: 6, lastError: 'HTTP 503 on attempt 6', diedAt: start + 4230 * SECOND });
    expect(await queue.counts()).toEqual({ waiting: 0, running: 0, dead: 1 });
    const log1 = lines().filter((l) => l.jobId === 'j1');
    expect(log1.filter((l) => String(l.msg).includes('will retry'))).toHaveLength(5);
    expect(log1.at(-1)).toMatchObject({ level: 40, attempt: 6, err: 'HTTP 503 on attempt 6', msg: expect.stringContaining('dead letters') });
  });

  it('spreads the waits by the jitter, within bounds', async () => {
    const clock = new FakeClock();
    const queue = new MemoryJobQueue(clock);
    const start = clock.now();
    for (const [random, wait] of [
      [0, 24 * SECOND],
      [0.999999, 36 * SECOND],
    ] as const) {
      const runner = new JobRunner({ queue, clock, log: silent, random: () => random, handlers: { k: () => Promise.reject(new Error('no')) } });
      await queue.schedule({ id: `j${random}`, kind: 'k', runAt: start, payload: null });
      clock.time = start;
      await runner.runDue();
      clock.time = start + wait - 1;
      expect(await queue.claim(clock.now(), 10, 1)).toEqual([]);
      clock.time = start + wait;
      const [again] = await queue.claim(clock.now(), 10, 1);
      expect(again?.id).toBe(`j${random}`);
      await queue.complete(again!.id);
    }
  });

  it('completes a job whose handler succeeds, and runs a retried one that succeeds later', async () => {
    const clock = new FakeClock();
    const queue = new MemoryJobQueue(clock);
    let calls = 0;
    const runner = new JobRunner({
      queue,
      clock,
      log: silent,
      random: () => 0.5,
      handlers: {
        once: async () => {
          calls += 1;
          if (calls < 3) throw new Error('not yet');
        },
      },
    });
    await queue.schedule({ id: 'j', kind: 'once', runAt: clock.now(), payload: null });
    expect(await runner.runDue()).toBe(1);
    clock.advance(30 * SECOND);
    expect(await runner.runDue()).toBe(1);
    clock.advance(2 * MINUTE);
    expect(await runner.runDue()).toBe(1);
    expect(calls).toBe(3);
    expect(await queue.counts()).toEqual({ waiting: 0, running: 0, dead: 0 });
  });

  it('sends a job of an unknown kind, or one whose handler says retrying cannot help, to the dead letters at once', async () => {
    const clock = new FakeClock();
    const queue = new MemoryJobQueue(clock);
    const { log, lines } = recordingLog();
    const runner = new JobRunner({
      queue,
      clock,
      log,
      handlers: {
        bad: () => Promise.reject(new JobGiveUp('address is not an e-mail address')),
      },
    });
    await queue.schedule({ id: 'u', kind: 'invitation.fax', runAt: clock.now(), payload: null });
    await queue.schedule({ id: 'g', kind: 'bad', runAt: clock.now(), payload: null });
    // A kind inherited from Object.prototype is no handler either.
    await queue.schedule({ id: 'p', kind: 'toString', runAt: clock.now(), payload: null });
    expect(await runner.runDue()).toBe(3);
    const dead = await queue.deadLetters(10);
    expect(Object.fromEntries(dead.map((d) => [d.id, d.lastError]))).toEqual({
      u: 'no handler for job kind "invitation.fax"',
      g: 'address is not an e-mail address',
      p: 'no handler for job kind "toString"',
    });
    expect(lines().find((l) => l.jobId === 'u')).toMatchObject({ level: 50, kind: 'invitation.fax' });
  });

  it('gives up, without running it again, a job whose lease ran out on its last attempt (it kills its worker)', async () => {
    const clock = new FakeClock();
    const queue = new MemoryJobQueue(clock);
    let ran = 0;
    const runner = new JobRunner({ queue, clock, log: silent, maxAttempts: 2, leaseMs: MINUTE, handlers: { k: async () => void (ran += 1) } });
    await queue.schedule({ id: 'j', kind: 'k', runAt: clock.now(), payload: null });
    // Two workers die holding it.
    await queue.claim(clock.now(), 1, MINUTE);
    clock.advance(MINUTE);
    await queue.claim(clock.now(), 1, MINUTE);
    clock.advance(MINUTE);
    expect(await runner.runDue()).toBe(1);
    expect(ran).toBe(0);
    expect(await queue.deadLetters(1)).toMatchObject([{ id: 'j', attempts: 3, lastError: LEASE_LOST }]);
  });

  it('polls in the background and, when stopped, waits for the job under way', async () => {
    const queue = new MemoryJobQueue({ now: () => Date.now() });
    let release!: () => void;
    const started: string[] = [];
    const finished: string[] = [];
    const runner = new JobRunner({
      queue,
      clock: { now: () => Date.now() },
      log: silent,
      handlers: {
        slow: async (job) => {
          started.push(job.id);
          await new Promise<void>((r) => (release = r));
          finished.push(job.id);
        },
      },
    });
    const stop = runner.start(10);
    await queue.schedule({ id: 's', kind: 'slow', runAt: Date.now(), payload: null });
    const deadline = Date.now() + 5000;
    while (!started.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(started).toEqual(['s']);
    const stopping = stop();
    setTimeout(() => release(), 50);
    await stopping;
    expect(finished).toEqual(['s']);
    expect(await queue.counts()).toEqual({ waiting: 0, running: 0, dead: 0 });
  });
});

describe('satisfy_jobs', () => {
  it('reports waiting, running and dead jobs at each scrape', async () => {
    const clock = new FakeClock();
    const queue = new MemoryJobQueue(clock);
    const registry = new Registry();
    registerJobGauges(registry, queue);
    for (const id of ['a', 'b', 'c']) await queue.schedule({ id, kind: 'k', runAt: clock.now(), payload: null });
    await queue.claim(clock.now(), 2, 1000);
    await queue.fail('a', 'no', undefined);
    const text = await registry.metrics();
    expect(text).toMatch(/^satisfy_jobs\{state="waiting"\} 1$/m);
    expect(text).toMatch(/^satisfy_jobs\{state="running"\} 1$/m);
    expect(text).toMatch(/^satisfy_jobs\{state="dead"\} 1$/m);
  });
});
