import { createClient } from 'redis';
import type { TestProject } from 'vitest/node';
import { redisServerAvailable, startRedisServer, type RedisServer } from '../support/redisServer.js';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

/**
 * One real Redis for the whole run: REDIS_URL when set, otherwise a redis-server of our own on
 * a free port, stopped at the end. Never a mock; with neither, the run stops here and says why.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let server: RedisServer | undefined;
  let url = process.env.REDIS_URL;
  if (!url) {
    if (!redisServerAvailable()) {
      throw new Error('The tests need Redis: install redis-server (e.g. `apt-get install -y redis-server`) or set REDIS_URL=redis://host:port.');
    }
    server = await startRedisServer();
    url = server.url;
  }
  const probe = createClient({ url, socket: { connectTimeout: 3000, reconnectStrategy: false } });
  probe.on('error', () => {});
  try {
    await probe.connect();
    await probe.ping();
  } catch (err) {
    await server?.destroy();
    throw new Error(`The tests need Redis, but ${url} does not answer: ${(err as Error).message}`, { cause: err });
  } finally {
    probe.destroy();
  }
  project.provide('redisUrl', url);
  return async () => {
    await server?.destroy();
  };
}
