import { spawn } from 'node:child_process';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { recordEvents } from '../../src/bot/recordEvents.js';
import type { SurveyEvent } from '../../src/core/events.js';
import type { AggregateStore } from '../../src/core/ports.js';
import { coMomentsOf, type Counters } from '../../src/core/results/fields.js';
import type { CompiledScript } from '../../src/core/script/compiled.js';
import { ResultsRecorder } from '../../src/results/ResultsRecorder.js';
import { rebuildResults } from '../../src/results/rebuildResults.js';
import { CaseResults } from '../../src/results/CaseResults.js';
import type { EscalationCase } from '../../src/core/cases.js';
import type { CaseStep } from '../../src/core/results/caseCounts.js';
import { createSentimentScorer } from '../../src/sentiment/createSentimentScorer.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import type { Stores } from '../../src/storage/Stores.js';
import { redisUrl, testRedisStores, uniquePrefix } from '../support/redis.js';
import { compileYaml, EngineDriver, ROOT } from '../support/scripts.js';

const SOURCE = `
id: rebuild-check
title: { en: Check, es: Control }
defaultLocale: en
locales: [en, es]
segments: [brand, customer.tier]
questions:
  - id: overall
    type: rating
    scale: csat
    text: { en: How satisfied are you?, es: ¿Qué tan satisfecho está? }
  - id: delivery
    type: rating
    scale: csat
    aspect: delivery
    required: false
    text: { en: And the delivery?, es: ¿Y la entrega? }
  - id: why
    type: text
    required: false
    text: { en: Why?, es: ¿Por qué? }
endings:
  - id: bye
    text: { en: Thanks, es: Gracias }
escalation:
  - id: low
    when: overall <= 2
    priority: high
`;

const log = pino({ level: 'silent' });
const sentiment = createSentimentScorer();
const DAY = 86_400_000;

/** What SurveyBot does with a turn's events: the response store, then the results. */
async function live(stores: Stores, recorder: ResultsRecorder, events: readonly SurveyEvent[], channel: string): Promise<void> {
  await recordEvents(events, channel, stores.responses, log);
  await recorder.record(events);
}

/** 30 customers over 6 days, answering, skipping, stopping and leaving; returns every turn's events. */
async function answerMany(script: CompiledScript, stores: Stores, recorder: ResultsRecorder): Promise<SurveyEvent[][]> {
  const turns: SurveyEvent[][] = [];
  const plans = [['5', '4', 'great, fast delivery'], ['1', '2', 'the parcel was late and broken'], ['3', 'skip', 'skip'], ['4', 'stop'], ['2'], ['4', '5', 'lovely staff']];
  for (let i = 0; i < 30; i++) {
    const driver = new EngineDriver(script);
    Object.assign(driver.deps, { sentiment, newId: () => `resp-${i}` });
    driver.deps.clock.advance(Math.floor(i / 5) * DAY + i * 60_000);
    const channel = i % 3 ? 'directline' : 'slack';
    driver.start({ locale: i % 4 ? 'en' : 'es', customer: { tier: ['gold', 'silver'][i % 2]! }, order: { brand: ['Acme', 'Bolt', 'Core'][i % 3]! } });
    turns.push(driver.last.events);
    await live(stores, recorder, driver.last.events, channel);
    for (const text of plans[i % plans.length]!) {
      driver.deps.clock.advance(30_000);
      driver.say(text);
      turns.push(driver.last.events);
      await live(stores, recorder, driver.last.events, channel);
    }
    // The fifth plan leaves the survey waiting: it expires as abandoned.
    if (i % plans.length === 4) {
      const events: SurveyEvent[] = [{ type: 'survey.abandoned', responseId: `resp-${i}`, questionId: driver.session!.current, at: driver.deps.clock.now() + DAY }];
      turns.push(events);
      await live(stores, recorder, events, channel);
    }
  }
  return turns;
}

/** Everything the results hold for the survey: all responses, and each segment value. */
async function snapshot(aggregates: AggregateStore, surveyId: string): Promise<Record<string, Record<string, Counters>>> {
  const out: Record<string, Record<string, Counters>> = { '*': Object.fromEntries(await aggregates.read(surveyId, '2026-01-01', '2027-12-31')) };
  for (const name of (await aggregates.segments(surveyId)).sort()) {
    for (const value of (await aggregates.segmentValues(surveyId, name)).sort()) {
      out[`${name}=${value}`] = Object.fromEntries(await aggregates.read(surveyId, '2026-01-01', '2027-12-31', { name, values: [value] }));
    }
  }
  return out;
}

describe.each([
  ['memory', async () => memoryStores()],
  ['redis', async () => testRedisStores()],
])('rebuilding results from stored responses (%s)', (_name, makeStores) => {
  const opened: Stores[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
  });

  it('gives exactly the counters counted live, and a replay of every turn changes nothing', async () => {
    const stores = await makeStores();
    opened.push(stores);
    const script = compileYaml(SOURCE);
    const recorder = new ResultsRecorder({ aggregates: stores.aggregates, responses: stores.responses, script: async () => script, log });
    const turns = await answerMany(script, stores, recorder);
    const counted = await snapshot(stores.aggregates, script.id);
    expect(counted['*']).toBeDefined();
    const total = (field: string) => Object.values(counted['*']!).reduce((a, c) => a + (c[field] ?? 0), 0);
    // Plans 0, 1, 2 and 5 finish; 3 stops at the second question; 4 is left at the second.
    expect([total('started'), total('completed'), total('opted_out'), total('abandoned')]).toEqual([30, 20, 5, 5]);
    const pairs = Object.values(counted['*']!).reduce((a, c) => a + coMomentsOf(c, 'delivery').n, 0);
    expect([total('q:delivery:drop'), total('esc:low'), pairs]).toEqual([10, 10, 15]);
    expect(Object.keys(counted)).toEqual(expect.arrayContaining(['brand=Acme', 'brand=Core', 'customer.tier=gold', 'channel=slack', 'locale=es', 'version=1']));

    // Every turn again, as after a crash or a redelivery: counted once.
    for (const events of turns) await recorder.record(events);
    expect(await snapshot(stores.aggregates, script.id)).toEqual(counted);

    const result = await rebuildResults({ surveyId: script.id, aggregates: stores.aggregates, responses: stores.responses, recorder });
    expect(result.responses).toBe(30);
    expect(await snapshot(stores.aggregates, script.id)).toEqual(counted);
  });

  it('counts the steps of the survey\'s cases again too (the loop figures)', async () => {
    const stores = await makeStores();
    opened.push(stores);
    const script = compileYaml(SOURCE);
    const recorder = new ResultsRecorder({ aggregates: stores.aggregates, responses: stores.responses, script: async () => script, log });
    await answerMany(script, stores, recorder);
    const caseResults = new CaseResults({ aggregates: stores.aggregates, responses: stores.responses, script: async () => script, log });
    // Cases of three low scores, taken to different steps, counted as CaseDesk counts each step.
    const [a, b, c] = (await stores.responses.list({ surveyId: script.id })).filter((r) => (r.answers.overall?.value as number) <= 2);
    const base = (r: typeof a, createdAt: string): EscalationCase => ({
      id: `case_${r!.id}`, responseId: r!.id, surveyId: script.id, surveyVersion: 1, locale: r!.locale, customer: {}, order: {},
      address: { channelId: r!.channel, conversationId: `conv-${r!.id}`, userId: 'u' }, triggers: [], priority: 'high', scores: [{ questionId: 'overall', value: 1, min: 1, max: 5 }],
      quotes: [], transcript: [], status: 'open', createdAt, updatedAt: createdAt, slaDeadline: '2026-12-31T00:00:00.000Z', overdue: 0,
    });
    const steps: [EscalationCase, CaseStep][] = [];
    const open = base(a, '2026-11-24T10:00:00.000Z');
    const claimed = { ...base(b, '2026-11-24T11:00:00.000Z'), status: 'claimed' as const, claimedAt: '2026-11-24T11:30:00.000Z' };
    const recovered = { ...base(c, '2026-11-25T09:00:00.000Z'), status: 'resolved' as const, claimedAt: '2026-11-25T09:10:00.000Z', resolvedAt: '2026-11-26T09:00:00.000Z', recovery: { resolved: true, rating: 4, responseId: 'none', at: '2026-11-26T10:00:00.000Z' } };
    steps.push([open, 'opened'], [claimed, 'opened'], [claimed, 'claimed'], [recovered, 'opened'], [recovered, 'claimed'], [recovered, 'resolved'], [recovered, 'recovered']);
    for (const kase of [open, claimed, recovered]) await stores.cases.create(kase);
    for (const [kase, step] of steps) await caseResults.count(kase, step);
    const counted = await snapshot(stores.aggregates, script.id);
    const total = (field: string) => Object.values(counted['*']!).reduce((x, day) => x + (day[field] ?? 0), 0);
    expect([total('case:opened'), total('case:claimed'), total('case:resolved'), total('case:recovery:yes')]).toEqual([3, 2, 1, 1]);

    const result = await rebuildResults({ surveyId: script.id, aggregates: stores.aggregates, responses: stores.responses, recorder, cases: { store: stores.cases, results: caseResults } });
    expect(result).toEqual({ responses: 30, cases: 3 });
    expect(await snapshot(stores.aggregates, script.id)).toEqual(counted);
    // Without the cases, the rebuild would have lost them.
    await rebuildResults({ surveyId: script.id, aggregates: stores.aggregates, responses: stores.responses, recorder });
    expect(Object.values((await snapshot(stores.aggregates, script.id))['*']!).some((day) => day['case:opened'])).toBe(false);
  });
});

describe('npm run rebuild-results', () => {
  function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/rebuild-results.ts', ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out, err })));
  }

  it('rebuilds the sample survey in the configured Redis to what was counted live; bad use is refused', async () => {
    const prefix = uniquePrefix();
    const stores = await testRedisStores(undefined, prefix);
    try {
      const { ScriptRegistry } = await import('../../src/scripts/ScriptRegistry.js');
      const { loadDialogs } = await import('../../src/scripts/loadDialogs.js');
      const { catalog, DIALOGS_DIR } = await import('../support/scripts.js');
      const registry = new ScriptRegistry(stores.scripts, catalog);
      await registry.seed(await loadDialogs(DIALOGS_DIR, catalog), new Date().toISOString());
      const script = await registry.published('post-purchase');
      const recorder = new ResultsRecorder({ aggregates: stores.aggregates, responses: stores.responses, script: (id, v) => registry.get(id, v), log });
      const driver = new EngineDriver(script);
      Object.assign(driver.deps, { sentiment });
      driver.start({ locale: 'en', customer: { id: 'c1' } });
      await live(stores, recorder, driver.last.events, 'directline');
      for (const text of ['4', '2', '5', '3']) {
        driver.say(text);
        await live(stores, recorder, driver.last.events, 'directline');
      }
      const counted = await snapshot(stores.aggregates, 'post-purchase');
      const env = { REDIS_URL: redisUrl(), REDIS_PREFIX: prefix, LOG_LEVEL: 'warn' };
      const run = await cli(['post-purchase'], env);
      expect(run.err).toBe('');
      expect(run.code).toBe(0);
      expect(JSON.parse(run.out)).toMatchObject({ surveyId: 'post-purchase', responses: 1 });
      expect(await snapshot(stores.aggregates, 'post-purchase')).toEqual(counted);

      expect((await cli(['--help'], env)).code).toBe(0);
      expect(await cli([], env)).toMatchObject({ code: 2, err: expect.stringContaining('usage: npm run rebuild-results') });
      expect(await cli(['no-such-survey'], env)).toMatchObject({ code: 1, err: expect.stringContaining('no survey "no-such-survey"') });
      expect(await cli(['post-purchase'], { LOG_LEVEL: 'warn' })).toMatchObject({ code: 1, err: expect.stringContaining('REDIS_URL') });
    } finally {
      await stores.close();
    }
  }, 60_000);
});
