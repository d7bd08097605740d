import { createClient } from 'redis';
import { afterAll, beforeAll } from 'vitest';
import { startRedisServer, type RedisServer } from './redisServer.js';

type RawClient = ReturnType<typeof createClient>;

/** Calls per command name on a redis-server while `run` ran (INFO commandstats, reset first;
 * commands a script runs count as well as the script's call; the counting itself left out). */
export async function commandCounts(raw: RawClient, run: () => Promise<unknown>): Promise<Record<string, number>> {
  await raw.configResetStat();
  await run();
  const stats = await raw.info('commandstats');
  const out: Record<string, number> = {};
  for (const m of stats.matchAll(/cmdstat_([^:]+):calls=(\d+)/g)) if (!/^(config|info)/.test(m[1]!)) out[m[1]!] = Number(m[2]);
  return out;
}

/**
 * A redis-server of the calling test file's own (its command counts are the file's alone) and a
 * plain client on it, started before the file's tests and stopped after them.
 */
export function countedRedisServer(): { readonly url: string; readonly raw: RawClient; commands(run: () => Promise<unknown>): Promise<Record<string, number>> } {
  let server: RedisServer;
  let raw: RawClient;
  beforeAll(async () => {
    server = await startRedisServer();
    raw = createClient({ url: server.url });
    await raw.connect();
  });
  afterAll(async () => {
    await raw.close();
    await server.destroy();
  });
  return {
    get url() {
      return server.url;
    },
    get raw() {
      return raw;
    },
    commands: (run) => commandCounts(raw, run),
  };
}
