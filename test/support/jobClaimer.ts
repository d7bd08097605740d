/**
 * A worker that dies mid-job (test/integration/schedulerDurability.test.ts): schedules a job,
 * claims it with a lease, says so on stdout, then hangs until it is killed.
 * Usage: node --import tsx test/support/jobClaimer.ts <redisUrl> <prefix> <jobId> <leaseMs>
 */
import { pino } from 'pino';
import { systemClock } from '../../src/clock.js';
import { redisStores } from '../../src/storage/redis/redisStores.js';

const [url, prefix, jobId, leaseMs] = process.argv.slice(2);
const stores = await redisStores({ url, prefix: prefix!, connectTimeoutMs: 5000, responseRetentionMs: 86_400_000 }, systemClock, pino({ level: 'silent' }));
const now = Date.now();
await stores.jobs.schedule({ id: jobId!, kind: 'durable.test', runAt: now, payload: { from: 'the worker that dies', pid: process.pid } });
const claimed = await stores.jobs.claim(now, 10, Number(leaseMs));
process.stdout.write(`claimed ${claimed.map((j) => j.id).join(',')} at ${now}\n`);
setInterval(() => {}, 60_000);
