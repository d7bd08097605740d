// What one turn costs Redis and what one survey keeps in it (npm run bench:redis): commands per
// turn by name (counted with MONITOR on the bot's own redis-server), bytes per open and per
// finished survey (INFO memory before/after N surveys), and every key left without a TTL.
// Figures to compare across changes (bench/README.md), never pass/fail assertions.
import { TestAdapter, type Activity } from 'botbuilder';
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createClient } from 'redis';
import { pino } from 'pino';
import { systemClock } from '../src/clock.js';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createStores } from '../src/storage/createStores.js';
import { redisServerAvailable, startRedisServer, type RedisServer } from '../test/support/redisServer.js';

/** Surveys for the memory figures (the issue's N=2,000 method). */
const SURVEYS = Number(process.env.BENCH_SURVEYS ?? 2000);
/** Surveys watched with MONITOR for the command counts (MONITOR slows Redis down). */
const MONITORED = Number(process.env.BENCH_MONITORED ?? 100);
const PREFIX = 'satisfy:';

/** The sample survey's happy path, as bf-load's satisfy-happy script sends it (7 turns). */
function happyPath(n: number): Partial<Activity>[] {
  return [
    {
      type: 'event',
      name: 'survey.start',
      value: { surveyId: 'post-purchase', locale: 'en', customer: { id: `c-${n}`, name: 'Ana' }, order: { id: `A-${n}`, items: [{ name: 'Teapot' }] } },
    },
    ...['5', '4', '5', '5', '9', 'The delivery was fast and the teapot is lovely'].map((text) => ({ type: 'message', text })),
  ];
}
/** An open survey: started and three answers given, four questions to go. */
const OPEN_TURNS = 4;

function cli(server: RedisServer, ...args: string[]): string {
  return spawnSync('redis-cli', ['-p', String(server.port), ...args], { encoding: 'utf8' }).stdout;
}

function usedMemory(server: RedisServer): number {
  return Number(/used_memory:(\d+)/.exec(cli(server, 'info', 'memory'))?.[1]);
}

/** A key with its ids taken out, so keys of one kind count together. */
function shapeOf(key: string): string {
  return key
    .slice(PREFIX.length)
    .replace(/\{conversation\/[^}]*\}/, '{conversation/<channel>/<id>}')
    .replace(/\{customer:[^}]*\}/, '{customer:<id>}')
    .replace(/:contact:.*$/, ':contact:<customerId>')
    .replace(/^response:\{[^}]*\}/, 'response:{<responseId>}')
    .replace(/:r:[^:]+$/, ':r:<responseId>')
    .replace(/:d:\d{4}-\d{2}-\d{2}:.*$/, ':d:<day>:<group>')
    .replace(/:v:.*$/, ':v:<segment>');
}

/** Command name plus the shape of its first key, from one MONITOR line; undefined for lines a
 * Lua script ran (counted apart: they cost no round trip). */
function parseMonitor(line: string): { name: string; lua: boolean } | undefined {
  const m = /^\d+\.\d+ \[\d+ ([^\]]+)\] (.*)$/.exec(line);
  if (!m) return undefined;
  const args = [...m[2]!.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((a) => a[1]!);
  const name = args[0]!.toLowerCase();
  const lua = m[1] === 'lua';
  const keyArg = name === 'evalsha' || name === 'eval' ? args[3] : args[1];
  const key = keyArg?.startsWith(PREFIX) ? ` ${shapeOf(keyArg)}` : '';
  return { name: `${name}${key}`, lua };
}

const adapters = new Map<number, TestAdapter>();
async function runSurveys(app: Awaited<ReturnType<typeof createApp>>, from: number, to: number, turns: [number, number]): Promise<number> {
  let count = 0;
  for (let n = from; n < to; n++) {
    // One adapter per conversation throughout: it numbers the activity ids, and a new one would
    // send ids the conversation has seen (dropped as redeliveries).
    let adapter = adapters.get(n);
    if (!adapter) adapters.set(n, (adapter = new TestAdapter((ctx) => app.bot.run(ctx), { channelId: 'bench', conversation: { id: `conv-${n}` } as Activity['conversation'], locale: 'en' })));
    for (const activity of happyPath(n).slice(turns[0], turns[1])) {
      await adapter.receiveActivity(activity);
      adapter.activeQueue.splice(0);
      count++;
    }
  }
  return count;
}

if (!redisServerAvailable()) {
  console.log('bench:redis needs redis-server on PATH');
  process.exit(1);
}
const server = await startRedisServer();
const config = loadConfig({ REDIS_URL: server.url, REDIS_PREFIX: PREFIX });
const stores = await createStores(config, systemClock, pino({ level: 'silent' }));
const app = await createApp({ config: { ...config, adminToken: 'bench-token-0123456789', tokenSigningKey: 'bench-signing-key-0123456789-0123456789' }, log: pino({ level: 'silent' }), stores });
const fold = () => (stores.aggregates as unknown as { drain(): Promise<void> }).drain();

// Warm-up: scripts loaded, the survey published and compiled, the Lua scripts cached.
await runSurveys(app, -20, 0, [0, 7]);
await fold();

// 1. Commands per turn, through the real bot, by name and key.
{
  const monitor = spawn('redis-cli', ['-p', String(server.port), 'monitor'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const client = new Map<string, number>();
  const inLua = new Map<string, number>();
  let first = true;
  const lines = createInterface({ input: monitor.stdout! });
  lines.on('line', (line) => {
    if (first) return void (first = false); // "OK"
    const c = parseMonitor(line);
    if (!c) return;
    const counts = c.lua ? inLua : client;
    counts.set(c.name, (counts.get(c.name) ?? 0) + 1);
  });
  await new Promise((r) => setTimeout(r, 300));
  cli(server, 'config', 'resetstat');
  const turns = await runSurveys(app, 0, MONITORED, [0, 7]);
  await fold();
  const stats = cli(server, 'info', 'commandstats');
  await new Promise((r) => setTimeout(r, 500));
  monitor.kill('SIGTERM');
  const print = (label: string, counts: Map<string, number>) => {
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    console.log(`${label}: ${(total / turns).toFixed(2)} per turn`);
    for (const [name, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`  ${(n / turns).toFixed(2).padStart(6)}  ${name}`);
  };
  console.log(`${MONITORED} happy-path surveys (${turns} turns) through SurveyBot on Redis, background folds included:`);
  print('commands sent (round trips)', client);
  print('commands run inside Lua scripts', inLua);
  const calls = [...stats.matchAll(/cmdstat_([^:]+):calls=(\d+)/g)].filter((m) => !['config', 'info', 'monitor', 'resetstat'].includes(m[1]!));
  const all = calls.reduce((a, m) => a + Number(m[2]), 0);
  console.log(`INFO commandstats: ${(all / turns).toFixed(2)} commands per turn in all (${calls.map((m) => `${m[1]} ${(Number(m[2]) / turns).toFixed(2)}`).join(', ')})`);
}

// 2. Memory per open and per finished survey (INFO memory before and after N surveys).
{
  await fold();
  const before = usedMemory(server);
  const base = 1_000_000;
  await runSurveys(app, base, base + SURVEYS, [0, OPEN_TURNS]);
  await fold();
  const open = usedMemory(server);
  await runSurveys(app, base, base + SURVEYS, [OPEN_TURNS, 7]);
  await fold();
  const finished = usedMemory(server);
  const perOpen = (open - before) / SURVEYS;
  const perFinished = (finished - before) / SURVEYS;
  console.log(`memory (used_memory) with N=${SURVEYS}: ${Math.round(perOpen)} B per open survey (start + ${OPEN_TURNS - 1} answers), ${Math.round(perFinished)} B per finished survey (state + response + indexes + customer index + results de-dup records; counters are per day)`);

  // Bytes per kind of key, from MEMORY USAGE of a sample of each. One client of our own, its
  // commands pipelined: a redis-cli per key took minutes.
  const probe = createClient({ url: server.url });
  await probe.connect();
  const keys: string[] = [];
  for await (const batch of probe.scanIterator({ MATCH: `${PREFIX}*`, COUNT: 1000 })) keys.push(...batch);
  const byShape = new Map<string, string[]>();
  for (const key of keys) {
    const shape = shapeOf(key);
    let list = byShape.get(shape);
    if (!list) byShape.set(shape, (list = []));
    list.push(key);
  }
  const ttls = await Promise.all(keys.map((k) => probe.pTTL(k)));
  const ttlOf = new Map(keys.map((k, i) => [k, Number(ttls[i])]));
  console.log('keys by kind: count · MEMORY USAGE of one (finished survey) · TTL');
  for (const [shape, list] of [...byShape].sort((a, b) => b[1].length - a[1].length)) {
    const sample = list.at(-1)!;
    const usage = await probe.memoryUsage(sample);
    const ttl = ttlOf.get(sample)!;
    console.log(`  ${String(list.length).padStart(6)}  ${shape}  ${usage} B  ${ttl === -1 ? 'NO TTL' : `${(ttl / 86_400_000).toFixed(1)} d`}`);
  }
  const noTtl = keys.filter((k) => ttlOf.get(k) === -1);
  console.log(`keys without a TTL: ${noTtl.length} of ${keys.length}: ${[...new Set(noTtl.map(shapeOf))].join(', ') || 'none'} (reasons: docs/operations/redis.md)`);
  await probe.quit();
}

await app.close();
await server.destroy();
