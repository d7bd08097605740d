/**
 * npm run bench:results. Figures, not pass/fail (bench/README.md "Results").
 *
 * Loads completed responses spread over 90 days and 5 segments through the path live answers
 * take (recordEvents into the response store, then ResultsRecorder into the results counters)
 * on a redis-server of its own, and at each size reports:
 * - ingest: answers/s with the results counted, and without (the response store alone, on a
 *   sample), so the cost of the counters shows;
 * - Redis memory: per response (everything) and of the results counters (per day bucket);
 * - read latency p50/p99 of summary, trend (90 days, by day), breakdown (by brand) and drivers.
 *
 *   BENCH_SIZES=10000,100000,1000000 (cumulative)   BENCH_READS=100   BENCH_CONCURRENCY=64
 */
import { spawnSync } from 'node:child_process';
import { pino } from 'pino';
import { recordEvents } from '../src/bot/recordEvents.js';
import { systemClock } from '../src/clock.js';
import type { SurveyEvent } from '../src/core/events.js';
import type { ResultsQuery } from '../src/core/results/resultsQuery.js';
import type { CompiledScript } from '../src/core/script/compiled.js';
import { Results } from '../src/results/Results.js';
import { ResultsRecorder } from '../src/results/ResultsRecorder.js';
import { ScriptRegistry } from '../src/scripts/ScriptRegistry.js';
import { loadCatalog } from '../src/scripts/loadCatalog.js';
import { parseScriptYaml } from '../src/scripts/parseScriptYaml.js';
import { redisStores } from '../src/storage/redis/redisStores.js';
import type { Stores } from '../src/storage/Stores.js';
import { redisServerAvailable, startRedisServer } from '../test/support/redisServer.js';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const READS = Number(process.env.BENCH_READS ?? 100);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const ORDER = process.env.BENCH_ORDER === 'spread' ? 'spread' : 'chronological';
const DAYS = 90;
const DAY_MS = 86_400_000;
const log = pino({ level: 'silent' });

const SCRIPT = `
id: bench
title: { en: Bench }
defaultLocale: en
locales: [en]
segments: [brand, region, customer.tier, order.category, order.store]
questions:
  - { id: csat, type: rating, scale: csat, text: { en: Overall? } }
  - { id: delivery, type: rating, scale: csat, aspect: delivery, text: { en: Delivery? } }
  - { id: quality, type: rating, scale: csat, aspect: product_quality, text: { en: Quality? } }
  - { id: price, type: rating, scale: csat, aspect: price, text: { en: Price? } }
  - { id: nps, type: rating, scale: nps, text: { en: Recommend? } }
  - { id: why, type: text, required: false, text: { en: Why? } }
endings:
  - { id: bye, text: { en: Thanks } }
escalation:
  - { id: low_csat, when: "csat <= 2", priority: high }
`;

const SEGMENT_VALUES = {
  brand: ['Acme', 'Bolt', 'Core', 'Dune', 'Echo', 'Flux', 'Gale', 'Hive'],
  region: ['EU', 'NA', 'LATAM', 'APAC', 'MEA'],
  tier: ['gold', 'silver', 'bronze'],
  category: ['kitchen', 'garden', 'toys', 'books', 'sports', 'audio', 'phones', 'home', 'beauty', 'pets', 'tools', 'office'],
  store: Array.from({ length: 20 }, (_, i) => `store-${i + 1}`),
};
const COMMENTS = [
  'the parcel was late and the box was damaged',
  'great quality, fast delivery',
  'price is too high for what you get',
  'friendly staff and quick refund',
  'delivery took two weeks, terrible',
  'lovely product, will buy again',
];

/** A deterministic generator, so every run loads the same answers. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}
const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;

const START = Date.UTC(2026, 8, 1);

/** One completed response's events, as the engine emits them over its turns. */
function responseEvents(i: number, day: number): { events: SurveyEvent[]; answers: number } {
  const rnd = lcg(i * 7919 + 1);
  const responseId = `bench-${i}`;
  let at = START + day * DAY_MS + Math.floor(rnd() * 80_000_000);
  const tick = () => (at += 20_000);
  const segments = { brand: pick(rnd, SEGMENT_VALUES.brand), region: pick(rnd, SEGMENT_VALUES.region), 'customer.tier': pick(rnd, SEGMENT_VALUES.tier), 'order.category': pick(rnd, SEGMENT_VALUES.category), 'order.store': pick(rnd, SEGMENT_VALUES.store) };
  const csat = 1 + Math.floor(rnd() * 5);
  const near = () => Math.max(1, Math.min(5, csat + Math.round((rnd() - 0.5) * 3)));
  const events: SurveyEvent[] = [{ type: 'survey.started', responseId, surveyId: 'bench', version: 1, locale: 'en', customer: {}, order: {}, segments, at: tick() }];
  const answer = (questionId: string, value: number) => events.push({ type: 'answer.recorded', responseId, questionId, value, raw: String(value), attempts: 1, at: tick() });
  answer('csat', csat);
  if (csat <= 2) events.push({ type: 'escalation.requested', responseId, reason: 'rule', ruleId: 'low_csat', priority: 'high', then: 'continue', at: at });
  answer('delivery', near());
  answer('quality', near());
  answer('price', near());
  answer('nps', Math.max(0, Math.min(10, csat * 2 + Math.round((rnd() - 0.5) * 4))));
  const text = pick(rnd, COMMENTS);
  const label = /late|damaged|high|terrible/.test(text) ? 'negative' : 'positive';
  events.push({ type: 'answer.recorded', responseId, questionId: 'why', value: text, raw: text, attempts: 1, sentiment: label === 'negative' ? -0.6 : 0.6, sentimentLabel: label, at: tick() });
  events.push({ type: 'survey.completed', responseId, endingId: 'bye', at: tick() });
  return { events, answers: 6 };
}

/** Turn by turn, as SurveyBot applies them: each turn's events written, then counted. */
async function ingest(stores: Stores, recorder: ResultsRecorder | undefined, from: number, to: number, port: number): Promise<{ answers: number; ms: number; cpu: string }> {
  let next = from;
  let answers = 0;
  const started = performance.now();
  const nodeCpu = process.cpuUsage();
  const redisCpu = redisCpuSeconds(port);
  const worker = async () => {
    while (next < to) {
      const i = next++;
      // As answers arrive (the 90 days in order), or each response on another day than the one before.
      const day = ORDER === 'spread' ? i % DAYS : Math.floor(((i - from) * DAYS) / (to - from));
      const { events, answers: n } = responseEvents(i, day);
      // Turns: the start with the first answer, then one answer (and what it raised) per turn.
      const turns: SurveyEvent[][] = [];
      for (const e of events) {
        if (e.type === 'answer.recorded' && turns.length && !turns.at(-1)!.some((x) => x.type === 'answer.recorded')) turns.at(-1)!.push(e);
        else if (e.type === 'escalation.requested' || e.type === 'survey.completed') turns.at(-1)!.push(e);
        else turns.push([e]);
      }
      for (const turn of turns) {
        await recordEvents(turn, 'directline', stores.responses, log, true);
        if (recorder) await recorder.record(turn, 'directline');
      }
      answers += n;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  // Counted means folded into the counters, not only appended: a read folds whatever waits.
  if (recorder) await stores.aggregates.segments('bench');
  const ms = performance.now() - started;
  const node = process.cpuUsage(nodeCpu);
  const perAnswer = (us: number) => (us / answers).toFixed(1);
  return { answers, ms, cpu: `${perAnswer(node.user + node.system)} + ${perAnswer((redisCpuSeconds(port) - redisCpu) * 1e6)} µs` };
}

function redisInfo(port: number, section: string, field: string): number {
  const out = spawnSync('redis-cli', ['-p', String(port), 'info', section], { encoding: 'utf8' }).stdout;
  return Number(new RegExp(`^${field}:(\\d+)`, 'm').exec(out)?.[1] ?? NaN);
}

/** CPU time the Redis server has used, user and system. */
function redisCpuSeconds(port: number): number {
  const out = spawnSync('redis-cli', ['-p', String(port), 'info', 'cpu'], { encoding: 'utf8' }).stdout;
  return ['used_cpu_user', 'used_cpu_sys'].reduce((sum, f) => sum + Number(new RegExp(`^${f}:([\\d.]+)`, 'm').exec(out)?.[1] ?? NaN), 0);
}

/** Bytes held by keys matching a pattern (MEMORY USAGE over a SCAN). */
function keysMemory(port: number, pattern: string): { keys: number; bytes: number } {
  const keys = spawnSync('redis-cli', ['-p', String(port), '--scan', '--pattern', pattern], { encoding: 'utf8', maxBuffer: 1 << 30 }).stdout.split('\n').filter(Boolean);
  let bytes = 0;
  for (let i = 0; i < keys.length; i += 500) {
    const script = keys.slice(i, i + 500).map((k) => `MEMORY USAGE "${k.replace(/"/g, '\\"')}"`).join('\n');
    const out = spawnSync('redis-cli', ['-p', String(port)], { input: script, encoding: 'utf8', maxBuffer: 1 << 28 }).stdout;
    bytes += out.split('\n').filter(Boolean).reduce((a, l) => a + (Number(l) || 0), 0);
  }
  return { keys: keys.length, bytes };
}

async function latency(label: string, run: () => Promise<unknown>): Promise<string> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < READS; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
  return `${label} p50 ${p(0.5)} ms, p99 ${p(0.99)} ms`;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

async function main(): Promise<void> {
  if (!redisServerAvailable()) throw new Error('bench:results needs redis-server and redis-cli on the PATH');
  const server = await startRedisServer();
  try {
    const catalog = await loadCatalog(new URL('../locales', import.meta.url).pathname);
    const parsed = parseScriptYaml(SCRIPT, catalog, 1);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const script: CompiledScript = parsed.script;
    const open = (prefix: string) => redisStores({ url: `redis://127.0.0.1:${server.port}`, prefix, connectTimeoutMs: 5000, responseRetentionMs: 400 * DAY_MS }, systemClock, log);

    // Both paths run once before anything is measured, so neither pays for compiling the code.
    const warm = await open('warm:');
    await ingest(warm, undefined, 0, 2000, server.port);
    await ingest(warm, new ResultsRecorder({ aggregates: warm.aggregates, responses: warm.responses, script: async () => script, log }), 2000, 4000, server.port);
    await warm.close();
    // Without the counters: the response store alone, on samples of its own (the median of three).
    const sample = Math.min(20_000, SIZES[0] ?? 20_000);
    const runs: Awaited<ReturnType<typeof ingest>>[] = [];
    for (let r = 0; r < 3; r++) {
      const plain = await open(`plain${r}:`);
      runs.push(await ingest(plain, undefined, 0, sample, server.port));
      await plain.close();
    }
    const base = runs.sort((a, b) => a.answers / a.ms - b.answers / b.ms)[1]!;
    const baseRate = (base.answers / base.ms) * 1000;
    console.log(`ingest without results counters: ${sample} responses, ${Math.round(baseRate)} answers/s (median of 3), CPU per answer (Node + Redis) ${base.cpu}`);
    spawnSync('redis-cli', ['-p', String(server.port), 'flushall'], { encoding: 'utf8' });
    const empty = redisInfo(server.port, 'memory', 'used_memory');

    const stores = await open('bench:');
    const registry = new ScriptRegistry(stores.scripts, catalog);
    await registry.seed([{ file: 'bench.yaml', text: SCRIPT, script }], new Date(START).toISOString());
    const recorder = new ResultsRecorder({ aggregates: stores.aggregates, responses: stores.responses, script: async () => script, log });
    const results = new Results({ aggregates: stores.aggregates, responses: stores.responses, scripts: registry });
    const q: ResultsQuery = { from: day(START), to: day(START + (DAYS - 1) * DAY_MS) };

    console.log('\n| responses | answers/s with counters | vs without | CPU/answer (Node + Redis) | Redis memory/response (all) | counters: hashes, per day | de-dup records | summary | trend (90 d) | breakdown (brand) | drivers |');
    console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | --- |');
    let loaded = 0;
    for (const size of SIZES) {
      const run = await ingest(stores, recorder, loaded, size, server.port);
      const rate = (run.answers / run.ms) * 1000;
      loaded = size;
      const used = redisInfo(server.port, 'memory', 'used_memory') - empty;
      const counters = keysMemory(server.port, 'bench:agg:*:d:*');
      const dedup = keysMemory(server.port, 'bench:agg:*:r:*');
      const reads = [
        await latency('summary', () => results.summary('bench', q)),
        await latency('trend', () => results.trend('bench', q, 'day')),
        await latency('breakdown', () => results.breakdown('bench', q, 'brand')),
        await latency('drivers', () => results.drivers('bench', q)),
      ].map((r) => r.replace(/^\w+ /, ''));
      console.log(
        `| ${size.toLocaleString('en')} | ${Math.round(rate).toLocaleString('en')} | ${(((baseRate - rate) / baseRate) * -100).toFixed(0)}% | ${run.cpu} | ${Math.round(used / size).toLocaleString('en')} B | ${counters.keys.toLocaleString('en')}, ${Math.round(counters.bytes / DAYS / 1024).toLocaleString('en')} KiB | ${Math.round(dedup.bytes / 1024 / 1024).toLocaleString('en')} MiB | ${reads.join(' | ')} |`,
      );
    }
    await stores.close();
  } finally {
    await server.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
