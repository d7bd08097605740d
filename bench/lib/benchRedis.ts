import { startRedisServer } from '../../test/support/redisServer.js';

export interface BenchRedis {
  port: number;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** A redis-server of the bench's own (the tests' one: free loopback port, no persistence), optionally pinned, room for 20,000 clients. */
export async function startBenchRedis(cpus?: string): Promise<BenchRedis> {
  const server = await startRedisServer({ ...(cpus ? { cpus } : {}), maxClients: 20_000 });
  return { port: server.port, url: server.url, pid: server.pid!, stop: () => server.destroy() };
}
