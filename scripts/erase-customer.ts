// `npm run erase-customer -- <customerId> [--export] [--actor <name>]`
// Erases everything stored about one customer (GDPR Art. 17) in the configured store (REDIS_URL
// or REDIS_CLUSTER_NODES, as the server uses), or with --export prints it all as JSON (Art. 15,
// unmasked) and erases nothing. Audited like the admin API; prints what it did as JSON.
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { isSatisfyError } from '../src/errors.js';
import { createLogger } from '../src/logger.js';
import { customerIdProblem } from '../src/privacy/customerId.js';

try {
  const { values, positionals } = parseArgs({
    options: { export: { type: 'boolean', default: false }, actor: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new Error('give one customer id: npm run erase-customer -- <customerId> [--export]');
  const customerId = positionals[0]!;
  const problem = customerIdProblem(customerId);
  if (problem) throw new Error(problem);
  const config = loadConfig();
  if (!config.redis) throw new Error('no REDIS_URL or REDIS_CLUSTER_NODES: the in-memory store lives inside the server process; use DELETE /api/customers/:customerId there.');
  // Logs to stderr, quieter than the server: stdout is the JSON result.
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, pino.destination(2));
  // Loaded only now: the stores and the bot's modules take seconds to import, a typo should not.
  const [{ createStores }, { Privacy }] = await Promise.all([import('../src/storage/createStores.js'), import('../src/privacy/Privacy.js')]);
  const stores = await createStores(config, systemClock, log);
  try {
    const privacy = new Privacy({ stores, clock: systemClock, log });
    const actor = `cli:${values.actor ?? userInfo().username}`;
    const result = values.export ? await privacy.export(customerId, actor) : { erasure: await privacy.erase(customerId, actor) };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await stores.close();
  }
} catch (err) {
  console.error(isSatisfyError(err) ? err.message : `erase-customer: ${(err as Error).message}`);
  process.exit(1);
}
