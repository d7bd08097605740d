// `npm run rebuild-results -- <surveyId>`
// Counts a survey's results again from the responses kept in the configured store (REDIS_URL
// or REDIS_CLUSTER_NODES, as the server uses): after its `segments` changed, or to recover
// counters. Safe while the servers run. Prints what it did as JSON.
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { SURVEY_ID } from '../src/core/script/schema.js';
import { isSatisfyError } from '../src/errors.js';
import { createLogger } from '../src/logger.js';

const USAGE = 'usage: npm run rebuild-results -- <surveyId>';

try {
  const { values, positionals } = parseArgs({ options: { help: { type: 'boolean', short: 'h', default: false } }, allowPositionals: true, strict: true });
  if (values.help) {
    console.log(`${USAGE}\n\nCounts the survey's results again from its stored responses (Redis; the in-memory store\nlives inside the server process). Answers arriving meanwhile are counted once.`);
    process.exit(0);
  }
  if (positionals.length !== 1 || !SURVEY_ID.test(positionals[0]!)) {
    console.error(USAGE);
    process.exit(2);
  }
  const surveyId = positionals[0]!;
  const config = loadConfig();
  if (!config.redis) throw new Error('no REDIS_URL or REDIS_CLUSTER_NODES: the in-memory store lives inside the server process and is counted live.');
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, pino.destination(2));
  const [{ createStores }, { ScriptRegistry }, { loadCatalog }, { ResultsRecorder }, { rebuildResults }, { CaseResults }] = await Promise.all([
    import('../src/storage/createStores.js'),
    import('../src/scripts/ScriptRegistry.js'),
    import('../src/scripts/loadCatalog.js'),
    import('../src/results/ResultsRecorder.js'),
    import('../src/results/rebuildResults.js'),
    import('../src/results/CaseResults.js'),
  ]);
  const stores = await createStores(config, systemClock, log);
  try {
    if (!(await stores.scripts.latest(surveyId))) throw new Error(`no survey "${surveyId}" in this store`);
    const scripts = new ScriptRegistry(stores.scripts, await loadCatalog(config.localesDir));
    const recorder = new ResultsRecorder({ aggregates: stores.aggregates, responses: stores.responses, script: (id, v) => scripts.get(id, v), log });
    const started = Date.now();
    const cases = { store: stores.cases, results: new CaseResults({ aggregates: stores.aggregates, responses: stores.responses, script: (id, version) => scripts.get(id, version), log }) };
    const result = await rebuildResults({ surveyId, aggregates: stores.aggregates, responses: stores.responses, recorder, cases, onProgress: (n) => n % 5000 === 0 && log.warn(`${n} responses counted`) });
    process.stdout.write(`${JSON.stringify({ surveyId, ...result, ms: Date.now() - started })}\n`);
  } finally {
    await stores.close();
  }
} catch (err) {
  console.error(isSatisfyError(err) ? err.message : `rebuild-results: ${(err as Error).message}`);
  process.exit(1);
}
