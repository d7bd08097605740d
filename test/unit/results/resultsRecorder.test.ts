import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { recordEvents } from '../../../src/bot/recordEvents.js';
import { ResultsRecorder } from '../../../src/results/ResultsRecorder.js';
import { createSentimentScorer } from '../../../src/sentiment/createSentimentScorer.js';
import { memoryStores } from '../../../src/storage/memory/memoryStores.js';
import { compileYaml, EngineDriver } from '../../support/scripts.js';

const SCRIPT = `
id: words
title: { en: Words }
defaultLocale: en
locales: [en]
questions:
  - id: overall
    type: rating
    scale: csat
    text: { en: How was it? }
  - id: why
    type: text
    text: { en: Why? }
endings:
  - id: bye
    text: { en: Thanks }
`;

describe('ResultsRecorder', () => {
  it('finds themes in an open answer without keeping its e-mail addresses or phone numbers', async () => {
    const stores = memoryStores();
    const script = compileYaml(SCRIPT);
    const log = pino({ level: 'silent' });
    const recorder = new ResultsRecorder({ aggregates: stores.aggregates, responses: stores.responses, script: async () => script, log });
    const driver = new EngineDriver(script);
    Object.assign(driver.deps, { sentiment: createSentimentScorer() });
    for (const step of [() => driver.start({ locale: 'en' }), () => driver.say('2'), () => driver.say('terrible delivery, call me on +44 7700 900123 or mail lee.private@example.org')]) {
      step();
      await recordEvents(driver.last.events, 'directline', stores.responses, log);
      await recorder.record(driver.last.events);
    }
    const [counters] = [...(await stores.aggregates.read('words', '2026-01-01', '2026-12-31')).values()];
    const themes = Object.keys(counters!).filter((k) => k.startsWith('t:'));
    expect(themes).toEqual(expect.arrayContaining(['t:negative:terrible delivery']));
    expect(themes.filter((k) => /lee|private|example|7700|900123/.test(k))).toEqual([]);
  });

  it('pairs an aspect with the outcome when another instance counted the outcome (it reads what it does not know)', async () => {
    const stores = memoryStores();
    const script = compileYaml(`
id: pairs
title: { en: Pairs }
defaultLocale: en
locales: [en]
questions:
  - { id: overall, type: rating, scale: csat, text: { en: Overall? } }
  - { id: delivery, type: rating, scale: csat, aspect: delivery, text: { en: Delivery? } }
endings:
  - { id: bye, text: { en: Thanks } }
`);
    const log = pino({ level: 'silent' });
    const recorder = () => new ResultsRecorder({ aggregates: stores.aggregates, responses: stores.responses, script: async () => script, log });
    const [a, b] = [recorder(), recorder()];
    const driver = new EngineDriver(script);
    const turn = async (r: ResultsRecorder) => {
      await recordEvents(driver.last.events, 'slack', stores.responses, log);
      await r.record(driver.last.events, 'slack');
    };
    // B counts the start, A the outcome, B the aspect: B knows the response but not its outcome.
    driver.start({ locale: 'en' });
    await turn(b);
    driver.say('2');
    await turn(a);
    driver.say('4');
    await turn(b);
    const [counters] = [...(await stores.aggregates.read('pairs', '2026-01-01', '2026-12-31')).values()];
    expect(counters).toMatchObject({ started: 1, completed: 1, 'co:delivery:4:2': 1, 'q:overall:v:2': 1, 'q:delivery:v:4': 1 });
    // The same turns again on either instance count nothing twice.
    await a.record(driver.last.events, 'slack');
    const [again] = [...(await stores.aggregates.read('pairs', '2026-01-01', '2026-12-31')).values()];
    expect(again).toEqual(counters);
  });
});

