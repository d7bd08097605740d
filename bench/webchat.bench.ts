// Web chat (Direct Line) load bench, issue 18 goal 2: npm run bench:webchat -- [options].
// Figures, not pass/fail: bench/README.md quotes them. Starts the built app (dist/main.js; run
// npm run build first) as one or two child processes on a redis-server of its own (or the memory
// store), and drives closed-loop customers through POST /webchat/session, POST
// /v3/directline/conversations/:id/activities and the WebSocket stream, each completing the
// sample survey (post-purchase). Every activity's sequence number is checked on the socket
// (once, in order, none skipped) and each chat ends with the widget's catch-up GET, so a reply
// that never reached the socket is counted as lost.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startApp, ROOT, type AppProcess } from './lib/appProcess.js';
import { startBenchRedis, type BenchRedis } from './lib/benchRedis.js';
import { keepAliveAgent } from './lib/httpJson.js';
import { percentile } from './lib/percentiles.js';
import { profileBuckets } from './lib/profileBuckets.js';
import { pinSelf } from './lib/pinned.js';
import { cpuMs, peakRssBytes, rssBytes } from './lib/procStat.js';
import { newTally, personaOf, SurveyCustomer, type Tally } from './lib/surveyCustomer.js';

const { values: opt } = parseArgs({
  options: {
    customers: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '200' },
    instances: { type: 'string', default: '1' },
    store: { type: 'string', default: 'redis' },
    'cpu-app': { type: 'string' },
    'cpu-app2': { type: 'string' },
    'cpu-redis': { type: 'string' },
    'cpu-driver': { type: 'string' },
    cross: { type: 'boolean', default: false },
    hold: { type: 'string' },
    sample: { type: 'string', default: '200' },
    'log-level': { type: 'string', default: 'info' },
    prof: { type: 'string' },
    json: { type: 'boolean', default: false },
    'app-dir': { type: 'string' },
    commandstats: { type: 'boolean', default: false },
    'node-args': { type: 'string' },
  },
});

const customers = Number(opt.customers);
const concurrency = Number(opt.concurrency);
const warmup = Number(opt.warmup);
const instances = Number(opt.instances);
const store = opt.store;
const hold = opt.hold === undefined ? 0 : Number(opt.hold);
if (instances !== 1 && instances !== 2) throw new Error('--instances is 1 or 2');
if (store !== 'redis' && store !== 'memory') throw new Error('--store is redis or memory');
if (instances === 2 && store === 'memory') throw new Error('two instances share state only through Redis: use --store redis');
if (opt.cross && instances !== 2) throw new Error('--cross (stream from the other instance) needs --instances 2');
const appDir = opt['app-dir'] ?? ROOT;
if (!existsSync(join(appDir, 'dist/main.js'))) throw new Error('no dist/main.js: run npm run build first');

pinSelf(opt['cpu-driver']);
const work = mkdtempSync(join(tmpdir(), 'satisfy-webchat-bench-'));
const redis: BenchRedis | undefined = store === 'redis' ? await startBenchRedis(opt['cpu-redis']) : undefined;

// Every customer comes from 127.0.0.1, so the per-client limits would refuse the bench within a
// second; they stay on (their cost is part of a turn) but far above what the bench sends.
const env: Record<string, string> = {
  ADMIN_TOKEN: 'bench-admin-token-0123456789',
  TOKEN_SIGNING_KEY: 'bench-signing-key-0123456789abcdef012345',
  LOG_LEVEL: opt['log-level'],
  RATE_LIMIT_CHAT: '1000000',
  RATE_LIMIT_CONVERSATION: '1000000',
  RATE_LIMIT_WEBSOCKET: '1000000',
  ...(redis ? { REDIS_URL: redis.url } : {}),
  // For a preloaded profiler (--node-args "--require allocprof.cjs") that reads where to write.
  ...Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[0].startsWith('ALLOC_') && e[1] !== undefined)),
};
const nodeArgs = [...(opt.prof ? ['--cpu-prof', `--cpu-prof-dir=${opt.prof}`] : []), ...(opt['node-args']?.split(' ').filter(Boolean) ?? [])];
const apps: AppProcess[] = [];
for (let i = 0; i < instances; i++) {
  const cpus = i === 1 ? (opt['cpu-app2'] ?? opt['cpu-app']) : opt['cpu-app'];
  apps.push(await startApp({ env, cpus, appDir, logFile: join(work, `app${i + 1}.log`), nodeArgs }));
}
const agents = apps.map(() => keepAliveAgent(Math.max(concurrency, 16)));
const pids = { apps: apps.map((a) => a.pid), redis: redis?.pid };

function customer(n: number, tally: Tally): SurveyCustomer {
  const i = n % instances;
  const streamFrom = opt.cross ? (i + 1) % instances : i;
  return new SurveyCustomer(n, personaOf(n), apps[i]!.baseUrl, apps[streamFrom]!.baseUrl.replace(/^http/, 'ws'), agents[i]!, tally);
}

interface Phase {
  turns: number;
  chats: number;
  ms: number;
  latencies: number[];
  sessionMs: number[];
  tally: Tally;
  appCpuMs: number[];
  redisCpuMs: number;
  driverCpuMs: number;
}

function cpuNow() {
  const d = process.cpuUsage();
  return { apps: pids.apps.map(cpuMs), redis: pids.redis ? cpuMs(pids.redis) : 0, driver: (d.user + d.system) / 1000 };
}

/** `count` customers, `concurrency` at a time, each through the whole survey. */
async function run(first: number, count: number, tally = newTally()): Promise<Phase> {
  const latencies: number[] = [];
  const sessionMs: number[] = [];
  let next = first;
  let turns = 0;
  let chats = 0;
  const before = cpuNow();
  const t0 = performance.now();
  const worker = async () => {
    while (next < first + count) {
      const c = customer(next++, tally);
      const s0 = performance.now();
      if (!(await c.open())) continue;
      sessionMs.push(performance.now() - s0);
      while (!c.done) {
        const ms = await c.answer();
        if (ms === undefined) break;
        latencies.push(ms);
        turns++;
      }
      await c.finish();
      chats++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  const ms = performance.now() - t0;
  const after = cpuNow();
  return {
    turns,
    chats,
    ms,
    latencies,
    sessionMs,
    tally,
    appCpuMs: after.apps.map((v, i) => v - before.apps[i]!),
    redisCpuMs: after.redis - before.redis,
    driverCpuMs: after.driver - before.driver,
  };
}

/** Redis commands per answered turn over the measured phase (INFO commandstats; commands run
 * inside Lua scripts are counted too), most frequent first. */
function commandStats(port: number, turns: number): void {
  const info = execFileSync('redis-cli', ['-p', String(port), 'INFO', 'commandstats'], { encoding: 'utf8' });
  const rows = [...info.matchAll(/^cmdstat_([\w|]+):calls=(\d+)/gm)].map((m) => [m[1]!, Number(m[2])] as const).sort((a, b) => b[1] - a[1]);
  const total = rows.reduce((a, [, n]) => a + n, 0);
  console.log(`  Redis commands per answered turn: ${(total / turns).toFixed(2)} (${rows.map(([c, n]) => `${c} ${(n / turns).toFixed(2)}`).join(', ')})`);
}

const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
const f = (n: number, d = 1) => n.toFixed(d);

function summary(p: Phase) {
  const sorted = [...p.latencies].sort((a, b) => a - b);
  const appCpu = p.appCpuMs.reduce((a, b) => a + b, 0);
  return {
    turns: p.turns,
    chats: p.chats,
    seconds: p.ms / 1000,
    turnsPerSecond: p.turns / (p.ms / 1000),
    chatsPerSecond: p.chats / (p.ms / 1000),
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
    sessionP50: percentile([...p.sessionMs].sort((a, b) => a - b), 50),
    appCpuMsPerTurn: appCpu / p.turns,
    appCpuMsPerTurnEach: p.appCpuMs.map((v) => v / p.turns),
    redisCpuMsPerTurn: p.redisCpuMs / p.turns,
    driverCpuMsPerTurn: p.driverCpuMs / p.turns,
    lost: p.tally.lost,
    duplicated: p.tally.duplicated,
    failed: p.tally.failed,
    statuses: Object.fromEntries(p.tally.statuses),
  };
}

function print(label: string, s: ReturnType<typeof summary>): void {
  console.log(`${label}: ${s.chats} chats, ${s.turns} turns in ${f(s.seconds)} s`);
  console.log(`  ${f(s.turnsPerSecond, 0)} turns/s (${f(s.chatsPerSecond, 0)} chats/s); POST → reply on the socket p50 ${f(s.p50)} ms · p95 ${f(s.p95)} ms · p99 ${f(s.p99)} ms · max ${f(s.max, 0)} ms; open (session, socket, first question) p50 ${f(s.sessionP50)} ms`);
  console.log(`  CPU per turn: app ${f(s.appCpuMsPerTurn, 3)} ms${s.appCpuMsPerTurnEach.length > 1 ? ` (${s.appCpuMsPerTurnEach.map((v) => f(v, 3)).join(' + ')})` : ''} · redis-server ${f(s.redisCpuMsPerTurn, 3)} ms · together ${f(s.appCpuMsPerTurn + s.redisCpuMsPerTurn, 3)} ms · driver ${f(s.driverCpuMsPerTurn, 3)} ms`);
  console.log(`  lost ${s.lost} · duplicated/out of order ${s.duplicated} · failed ${s.failed} · HTTP ${JSON.stringify(s.statuses)}`);
}

const setup = `${instances} instance(s), store ${store}${opt.cross ? ', stream from the other instance' : ''}, concurrency ${concurrency}; pinned app ${opt['cpu-app'] ?? '-'}${instances === 2 ? `/${opt['cpu-app2'] ?? opt['cpu-app'] ?? '-'}` : ''} redis ${opt['cpu-redis'] ?? '-'} driver ${opt['cpu-driver'] ?? '-'}`;
console.log(`web chat bench: ${appDir === ROOT ? '' : `${appDir}, `}${setup}; app ready in ${apps.map((a) => f(a.readyMs, 0)).join(' / ')} ms; logs in ${work}`);

const rss = () => pids.apps.map(rssBytes);
let result: Record<string, unknown>;
try {
  if (warmup > 0) {
    const w = summary(await run(1_000_000_000, warmup));
    console.log(`warm-up: ${w.chats} chats, ${w.turns} turns, lost ${w.lost}, failed ${w.failed}`);
  }
  if (hold > 0) {
    // Open `hold` chats and leave each with its first answer given, then finish a sample of
    // them while all are held, then check every held chat's log against its socket.
    const tally = newTally();
    const held: SurveyCustomer[] = [];
    const before = cpuNow();
    const t0 = performance.now();
    let next = 0;
    let refused = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < hold) {
          const c = customer(next++, tally);
          if ((await c.open()) && (await c.answer()) !== undefined) held.push(c);
          else refused++;
        }
      }),
    );
    const openSeconds = (performance.now() - t0) / 1000;
    const afterOpen = cpuNow();
    await new Promise((r) => setTimeout(r, 2000));
    const heldRss = rss();
    console.log(`held: ${held.length} chats open (sockets connected, first answer given), ${refused} could not be opened, in ${f(openSeconds)} s; app CPU ${f(afterOpen.apps.reduce((a, b, i) => a + b - before.apps[i]!, 0) / held.length, 2)} ms per chat opened`);
    console.log(`  RSS with them held: ${heldRss.map(mb).join(' + ')}${redis ? ` · redis-server ${mb(rssBytes(redis.pid))}` : ''}`);
    const sampleCount = Math.min(Number(opt.sample), held.length);
    const sample = held.slice(0, sampleCount);
    const latencies: number[] = [];
    const c0 = cpuNow();
    const s0 = performance.now();
    let turns = 0;
    let i = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, sampleCount) }, async () => {
        while (i < sample.length) {
          const c = sample[i++]!;
          while (!c.done) {
            const ms = await c.answer();
            if (ms === undefined) break;
            latencies.push(ms);
            turns++;
          }
        }
      }),
    );
    const c1 = cpuNow();
    const s = summary({ turns, chats: sampleCount, ms: performance.now() - s0, latencies, sessionMs: [], tally, appCpuMs: c1.apps.map((v, k) => v - c0.apps[k]!), redisCpuMs: c1.redis - c0.redis, driverCpuMs: c1.driver - c0.driver });
    print(`sample finished while ${held.length} are held`, s);
    let j = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (j < held.length) await held[j++]!.finish();
      }),
    );
    const peak = pids.apps.map(peakRssBytes);
    console.log(`every held chat checked against its log: lost ${tally.lost} · duplicated ${tally.duplicated} · failed ${tally.failed} · peak RSS ${peak.map(mb).join(' + ')}`);
    result = { setup, hold: held.length, refused, openSeconds, heldRssBytes: heldRss, peakRssBytes: peak, sample: s, lost: tally.lost, duplicated: tally.duplicated, failed: tally.failed };
  } else {
    if (opt.commandstats && redis) execFileSync('redis-cli', ['-p', String(redis.port), 'CONFIG', 'RESETSTAT']);
    const p = summary(await run(0, customers));
    print('measured', p);
    if (opt.commandstats && redis) commandStats(redis.port, p.turns);
    const r = rss();
    console.log(`  RSS after: ${r.map(mb).join(' + ')}${redis ? ` · redis-server ${mb(rssBytes(redis.pid))}` : ''}`);
    result = { setup, ...p, rssBytes: r, redisRssBytes: redis ? rssBytes(redis.pid) : undefined };
  }
} finally {
  for (const a of agents) a.destroy();
  await Promise.all(apps.map((a) => a.stop()));
  await redis?.stop();
}
if (opt.prof) {
  // The whole life of each app (start, warm-up and measurement): the start is a small part.
  for (const file of readdirSync(opt.prof).filter((n) => n.endsWith('.cpuprofile'))) {
    const { busyMs, rows } = profileBuckets(join(opt.prof, file));
    console.log(`profile ${join(opt.prof, file)}: ${busyMs.toFixed(0)} ms on the CPU, self time by package:`);
    for (const r of rows.slice(0, 30)) console.log(`  ${(100 * r.share).toFixed(1).padStart(5)}%  ${r.bucket}`);
  }
}
if (opt.json) console.log(JSON.stringify(result));
