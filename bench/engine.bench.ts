// Figures for the engine and the bot turn loop (npm run bench). Not part of npm test: these are
// measurements to compare across changes, never pass/fail assertions.
import { TestAdapter, type Activity } from 'botbuilder';
import { spawnSync } from 'node:child_process';
import { pino } from 'pino';
import { systemClock } from '../src/clock.js';
import { memoryStores } from '../src/storage/memory/memoryStores.js';
import { redisStores } from '../src/storage/redis/redisStores.js';
import type { Stores } from '../src/storage/Stores.js';
import { redisServerAvailable, startRedisServer } from '../test/support/redisServer.js';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { runTurn } from '../src/core/engine/runTurn.js';
import type { Session } from '../src/core/session.js';
import { loadCatalog } from '../src/scripts/loadCatalog.js';
import { loadDialogs } from '../src/scripts/loadDialogs.js';

const ANSWERS = ['very satisfied', '4', '⭐⭐⭐⭐⭐', 'four', '9/10', 'Fast delivery and lovely packaging'];
const SURVEYS = Number(process.env.BENCH_SURVEYS ?? 2000);

function percentiles(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(3);
  return `p50 ${at(50)} ms · p95 ${at(95)} ms · p99 ${at(99)} ms · max ${sorted.at(-1)!.toFixed(3)} ms`;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const config = loadConfig({});
const catalog = await loadCatalog(config.localesDir);
const [dialog] = (await loadDialogs(config.dialogsDir, catalog)).filter((d) => d.script.id === 'post-purchase');
const script = { ...dialog!.script, version: 1 };

// 1. The pure engine: whole surveys, every turn timed.
{
  let n = 0;
  const deps = { clock: { now: () => 1_700_000_000_000 + n }, newId: () => `r${++n}` };
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < SURVEYS; i++) {
    let t0 = performance.now();
    let session: Session = runTurn(script, undefined, { type: 'start', locale: 'en' }, deps).session;
    latencies.push(performance.now() - t0);
    for (const text of ANSWERS) {
      t0 = performance.now();
      session = runTurn(script, session, { type: 'text', text }, deps).session;
      latencies.push(performance.now() - t0);
    }
    if (session.status !== 'completed') throw new Error(`survey ${i} did not complete: ${session.status}`);
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`engine (runTurn, pure): ${latencies.length} turns in ${seconds.toFixed(2)} s = ${Math.round(latencies.length / seconds)} turns/s`);
  console.log(`  per turn: ${percentiles(latencies)}`);
}

// 2. The whole bot turn (SurveyBot + SurveyDialog + storage with eTags + response store), on the
// memory store and on a redis-server of the bench's own (when redis-server is installed).
async function benchBot(label: string, stores: Stores, surveys: number): Promise<void> {
  const satisfy = await createApp({ config: { ...config, adminToken: 'bench-token-0123456789', tokenSigningKey: 'bench-signing-key-0123456789-0123456789' }, log: pino({ level: 'silent' }), stores });
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < surveys; i++) {
    const adapter = new TestAdapter((ctx) => satisfy.bot.run(ctx), { channelId: 'bench', conversation: { id: `c${i}` } as Activity['conversation'], locale: 'en' });
    const inputs: Partial<Activity>[] = [{ type: 'event', name: 'survey.start', value: { customer: { id: `cust-${i}` } } }, ...ANSWERS.map((text) => ({ type: 'message', text }))];
    for (const activity of inputs) {
      const t0 = performance.now();
      await adapter.receiveActivity(activity);
      latencies.push(performance.now() - t0);
      adapter.activeQueue.splice(0);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  global.gc?.();
  const heapAfter = process.memoryUsage().heapUsed;
  const completed = (await satisfy.stores.responses.list({})).filter((r) => r.status === 'completed').length;
  console.log(`bot turn (TestAdapter -> SurveyBot, ${label}): ${latencies.length} turns in ${seconds.toFixed(2)} s = ${Math.round(latencies.length / seconds)} turns/s`);
  console.log(`  per turn: ${percentiles(latencies)}`);
  if (stores.kind === 'memory') {
    console.log(`  ${completed}/${surveys} surveys completed; heap grew ${mb(heapAfter - heapBefore)} = ${((heapAfter - heapBefore) / surveys / 1024).toFixed(1)} KB per finished conversation (state + response)${global.gc ? '' : ' (run with --expose-gc for a steadier figure)'}`);
  } else {
    console.log(`  ${completed}/${surveys} surveys completed`);
  }
  console.log(`  rss ${mb(process.memoryUsage().rss)}`);
  await satisfy.close();
}

await benchBot('memory store', memoryStores(), SURVEYS);
if (redisServerAvailable()) {
  const server = await startRedisServer();
  const stores = await redisStores({ url: server.url, prefix: 'bench:', connectTimeoutMs: 5000, responseRetentionMs: 86_400_000 }, systemClock, pino({ level: 'silent' }));
  await benchBot(`Redis ${server.url}`, stores, Math.min(SURVEYS, 500));
  const info = spawnSync('redis-cli', ['-p', String(server.port), 'info', 'memory'], { encoding: 'utf8' }).stdout;
  const used = Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0) - Number(/used_memory_startup:(\d+)/.exec(info)?.[1] ?? 0);
  console.log(`  Redis memory for ${Math.min(SURVEYS, 500)} finished conversations: ${mb(used)} = ${(used / Math.min(SURVEYS, 500) / 1024).toFixed(1)} KB each (state + response + indexes)`);
  await server.destroy();
} else {
  console.log('bot turn on Redis: skipped (no redis-server on PATH)');
}

// 3. Recognizers and the YAML loader on hostile sizes (what a pasted essay or a bomb costs).
{
  const { recognizeRating } = await import('../src/core/recognize/rating.js');
  const { parseScriptYaml } = await import('../src/scripts/parseScriptYaml.js');
  const essay = 'the delivery was late but the product is fine and I would say maybe a 4 '.repeat(140);
  let t0 = performance.now();
  const r = recognizeRating(essay, { min: 1, max: 5 }, 'en');
  console.log(`recognizeRating on ${essay.length} chars: ${(performance.now() - t0).toFixed(2)} ms (${JSON.stringify(r)})`);
  const bomb = `a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n`;
  t0 = performance.now();
  const refused = parseScriptYaml(bomb, catalog, 1);
  console.log(`YAML anchor bomb refused in ${(performance.now() - t0).toFixed(2)} ms: ${refused.ok ? 'NOT refused' : refused.problems[0]!.message}`);
}
