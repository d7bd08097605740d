// Start-up time, issue 18 goal 4: npm run bench:startup -- [--runs 7] [--cpu 1] [--prof].
// Figures, not pass/fail: bench/README.md quotes them. Times `node dist/main.js` (npm run build
// first) from spawn to the first 200 from /readyz (polled every 5 ms), median of N runs, and the
// CPU the process used until then (steadier on a busy machine), on the
// memory store and on a redis-server of the bench's own. --prof runs it once more per store with
// --cpu-prof and prints where the time until ready went (self time by package).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startApp, ROOT } from './lib/appProcess.js';
import { startBenchRedis } from './lib/benchRedis.js';
import { median } from './lib/percentiles.js';
import { profileBuckets } from './lib/profileBuckets.js';
import { cpuMs, rssBytes } from './lib/procStat.js';

const { values: opt } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    cpu: { type: 'string' },
    prof: { type: 'boolean', default: false },
    top: { type: 'string', default: '15' },
    'app-dir': { type: 'string' },
  },
});
// --app-dir: another checkout's build (main's, say), to compare with this one.
const appDir = opt['app-dir'] ?? ROOT;
if (!existsSync(join(appDir, 'dist/main.js'))) throw new Error(`no ${join(appDir, 'dist/main.js')}: run npm run build first`);
const runs = Number(opt.runs);
const work = mkdtempSync(join(tmpdir(), 'satisfy-startup-bench-'));
const redis = await startBenchRedis(opt.cpu);
const base = { ADMIN_TOKEN: 'bench-admin-token-0123456789', TOKEN_SIGNING_KEY: 'bench-signing-key-0123456789abcdef012345' };
const stores = { memory: base, redis: { ...base, REDIS_URL: redis.url } };

try {
  for (const [name, env] of Object.entries(stores)) {
    const times: number[] = [];
    const rss: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < runs; i++) {
      // Each start on an empty Redis, as a first deploy (scripts and indexes written afresh).
      if (name === 'redis') spawnSync('redis-cli', ['-p', String(redis.port), 'flushall']);
      const app = await startApp({ env, cpus: opt.cpu, appDir, logFile: join(work, `${name}.log`) });
      times.push(app.readyMs);
      rss.push(rssBytes(app.pid));
      cpu.push(cpuMs(app.pid));
      await app.stop();
    }
    const sorted = [...times].sort((a, b) => a - b);
    console.log(`${name}: ready after median ${median(times).toFixed(0)} ms (min ${sorted[0]!.toFixed(0)}, max ${sorted.at(-1)!.toFixed(0)}, ${runs} runs); CPU until ready median ${median(cpu).toFixed(0)} ms (min ${Math.min(...cpu).toFixed(0)}); RSS when ready ${(median(rss) / 2 ** 20).toFixed(0)} MB`);
    if (opt.prof) {
      const dir = join(work, `prof-${name}`);
      const app = await startApp({ env, cpus: opt.cpu, appDir, logFile: join(work, `${name}-prof.log`), nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
      const readyMs = app.readyMs;
      await app.stop();
      const file = join(dir, readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!);
      const self = profileBuckets(file, readyMs, 'self');
      const near = profileBuckets(file, readyMs, 'nearest');
      console.log(`  profiled start (ready after ${readyMs.toFixed(0)} ms, ${self.busyMs.toFixed(0)} ms on the CPU until then)`);
      console.log(`  ${'self time by package'.padEnd(52)} | by the nearest package or file of ours on the stack (module loading charged to its importer)`);
      for (let i = 0; i < Number(opt.top); i++) {
        const cell = (r: { bucket: string; ms: number; share: number } | undefined) => (r ? `${(100 * r.share).toFixed(1).padStart(5)}% ${r.ms.toFixed(0).padStart(5)} ms  ${r.bucket}` : '');
        console.log(`  ${cell(self.rows[i]).padEnd(52)} | ${cell(near.rows[i])}`);
      }
      console.log(`  profile: ${file}`);
    }
  }
} finally {
  await redis.stop();
}
