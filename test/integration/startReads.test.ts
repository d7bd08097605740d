import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { SurveyBot } from '../../src/bot/SurveyBot.js';
import { loadCatalog } from '../../src/scripts/loadCatalog.js';
import { loadDialogs } from '../../src/scripts/loadDialogs.js';
import { ScriptRegistry } from '../../src/scripts/ScriptRegistry.js';
import { createSentimentScorer } from '../../src/sentiment/createSentimentScorer.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { BotDriver } from '../support/BotDriver.js';
import { DIALOGS_DIR, FakeClock, LOCALES_DIR } from '../support/scripts.js';

describe('a survey start', () => {
  it('reads the published version once, and begins on it', async () => {
    const clock = new FakeClock();
    const stores = memoryStores(clock);
    const catalog = await loadCatalog(LOCALES_DIR);
    let reads = 0;
    const counted = new Proxy(stores.scripts, {
      get: (target, name, receiver) => (name === 'published' ? (id: string) => (reads++, target.published(id)) : Reflect.get(target, name, receiver)),
    });
    const scripts = new ScriptRegistry(counted, catalog);
    await scripts.seed(await loadDialogs(DIALOGS_DIR, catalog), new Date(clock.now()).toISOString());
    const log = pino({ level: 'silent' });
    const bot = new SurveyBot({ storage: stores.state, scripts, responses: stores.responses, catalog, engine: { clock, newId: randomUUID, sentiment: createSentimentScorer() }, defaultSurveyId: 'post-purchase', defaultLocale: 'en', log });
    const customer = new BotDriver(bot, { conversationId: `reads-${randomUUID()}` });
    reads = 0;
    await customer.start({ customer: { id: 'c-1' } });
    expect(reads).toBe(1);
    await customer.send('5');
    expect(reads).toBe(1);
    const [response] = await stores.responses.list({});
    expect(response?.surveyVersion).toBe(await stores.scripts.published('post-purchase'));
  });
});
