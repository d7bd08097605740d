import type { createClient } from 'redis';

/** Calls per command name on a redis-server while `run` ran (INFO commandstats, reset first;
 * commands a script runs count as well as the script's call; the counting itself left out). */
export async function commandCounts(raw: ReturnType<typeof createClient>, run: () => Promise<unknown>): Promise<Record<string, number>> {
  await raw.configResetStat();
  await run();
  const stats = await raw.info('commandstats');
  const out: Record<string, number> = {};
  for (const m of stats.matchAll(/cmdstat_([^:]+):calls=(\d+)/g)) if (!/^(config|info)/.test(m[1]!)) out[m[1]!] = Number(m[2]);
  return out;
}
