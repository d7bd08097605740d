import { createHash } from 'node:crypto';
import { createClient, createCluster } from 'redis';
import type { Logger } from 'pino';
import { SatisfyError } from '../../errors.js';

export interface RedisTarget {
  /** redis://host:port for one server ... */
  url?: string;
  /** ... or the root nodes of a Redis Cluster. */
  clusterNodes?: string[];
  connectTimeoutMs: number;
}

export interface LuaScript {
  source: string;
  sha: string;
}

export function lua(source: string): LuaScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

type Client = ReturnType<typeof createClient>;
type Cluster = ReturnType<typeof createCluster>;

/**
 * The few Redis commands the stores use, over either a single server or a Cluster, so the
 * stores are written once. Commands fail at once while the connection is down (no offline
 * queue): a customer gets "try again in a moment" instead of a turn hanging, and the client
 * reconnects by itself.
 */
export class RedisConnection {
  private constructor(
    private readonly client: Client | Cluster,
    readonly description: string,
  ) {}

  static async connect(target: RedisTarget, log: Logger): Promise<RedisConnection> {
    const socket = {
      connectTimeout: target.connectTimeoutMs,
      reconnectStrategy: (retries: number) => Math.min(100 * 2 ** Math.min(retries, 5), 2000),
    };
    const client: Client | Cluster = target.clusterNodes?.length
      ? createCluster({ rootNodes: target.clusterNodes.map((url) => ({ url })), defaults: { socket, disableOfflineQueue: true } })
      : createClient({ url: target.url, socket, disableOfflineQueue: true });
    const description = target.clusterNodes?.length ? `Redis Cluster ${target.clusterNodes.join(', ')}` : `Redis ${redact(target.url ?? '')}`;
    let lastError = '';
    client.on('error', (err: Error) => {
      // node-redis reports every failed reconnect; one line per distinct error is enough.
      if (err.message !== lastError) log.warn({ err: err.message }, `${description}: connection error (reconnecting)`);
      lastError = err.message;
    });
    client.on('ready', () => {
      if (lastError) log.info(`${description}: connected again`);
      lastError = '';
    });
    const timeout = new Promise<never>((_, reject) => {
      setTimeout(() => reject(new SatisfyError('STORE_UNAVAILABLE', `${description} is unreachable (no connection within ${target.connectTimeoutMs} ms)`)), target.connectTimeoutMs).unref();
    });
    try {
      await Promise.race([client.connect(), timeout]);
    } catch (err) {
      client.destroy();
      throw err instanceof SatisfyError ? err : new SatisfyError('STORE_UNAVAILABLE', `${description} is unreachable: ${(err as Error).message}`);
    }
    return new RedisConnection(client, description);
  }

  /** The commands, typed as a single client: a Cluster client has the same signatures and
   * routes each command by its keys. */
  private get c(): Client {
    return this.client as unknown as Client;
  }

  /** EVALSHA, loading the script on the node that lacks it (after a restart or failover). */
  async run(script: LuaScript, keys: string[], args: string[]): Promise<unknown> {
    try {
      return await this.c.evalSha(script.sha, { keys, arguments: args });
    } catch (err) {
      if (!(err as Error).message?.startsWith('NOSCRIPT')) throw err;
      return this.c.eval(script.source, { keys, arguments: args });
    }
  }

  hGetAll(key: string): Promise<Record<string, string>> {
    return this.c.hGetAll(key) as Promise<Record<string, string>>;
  }

  hGet(key: string, field: string): Promise<string | null> {
    return this.c.hGet(key, field) as Promise<string | null>;
  }

  async hSetNx(key: string, field: string, value: string): Promise<boolean> {
    return (await this.c.hSetNX(key, field, value)) === 1;
  }

  async pExpire(key: string, ms: number): Promise<void> {
    await this.c.pExpire(key, ms);
  }

  async del(keys: string[]): Promise<void> {
    // One DEL per key: in a Cluster the keys may sit in different slots.
    await Promise.all(keys.map((k) => this.c.del(k)));
  }

  async zAdd(key: string, score: number, member: string): Promise<void> {
    await this.c.zAdd(key, { score, value: member });
  }

  zRangeByScore(key: string, min: number, max: number, offset: number, count: number): Promise<string[]> {
    return this.c.zRange(key, min, max, { BY: 'SCORE', LIMIT: { offset, count } }) as Promise<string[]>;
  }

  async zRem(key: string, members: string[]): Promise<void> {
    if (members.length) await this.c.zRem(key, members);
  }

  async zRemRangeByScore(key: string, min: number, max: number): Promise<void> {
    await this.c.zRemRangeByScore(key, min, max);
  }

  async sAdd(key: string, member: string): Promise<void> {
    await this.c.sAdd(key, member);
  }

  sMembers(key: string): Promise<string[]> {
    return this.c.sMembers(key) as Promise<string[]>;
  }

  /** A real round trip (a Cluster client has no PING of its own, so a keyed read routed to
   * some master stands in). */
  async ping(): Promise<boolean> {
    try {
      await this.c.exists('satisfy-readiness-probe');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    try {
      await this.client.close();
    } catch {
      this.client.destroy();
    }
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//***@');
}
