import { createHash } from 'node:crypto';
import { createClient, createCluster, ErrorReply } from 'redis';
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
/** Replies a server gives while it restarts, loads its data or fails over, or while it is full
 * (OOM: `maxmemory` reached with the noeviction policy; writes fail until memory is freed). */
const TRANSIENT_REPLY = /^(LOADING|MASTERDOWN|CLUSTERDOWN|TRYAGAIN|BUSY|OOM)\b/;
type Cluster = ReturnType<typeof createCluster>;

/**
 * The few Redis commands the stores use, over either a single server or a Cluster, so the
 * stores are written once. Commands fail at once while the connection is down (no offline
 * queue): a customer gets "try again in a moment" instead of a turn hanging, and the client
 * reconnects by itself.
 */
export class RedisConnection {
  private subscriber: Promise<Client | Cluster> | undefined;

  private constructor(
    private readonly client: Client | Cluster,
    readonly description: string,
    private readonly cluster: boolean,
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
    return new RedisConnection(client, description, Boolean(target.clusterNodes?.length));
  }

  /** The commands, typed as a single client: a Cluster client has the same signatures and
   * routes each command by its keys. */
  private get c(): Client {
    return this.client as unknown as Client;
  }

  /** EVALSHA, loading the script on the node that lacks it (after a restart or failover). */
  run(script: LuaScript, keys: string[], args: string[]): Promise<unknown> {
    return this.guard(async () => {
      try {
        return await this.c.evalSha(script.sha, { keys, arguments: args });
      } catch (err) {
        if (!(err as Error).message?.startsWith('NOSCRIPT')) throw err;
        return this.c.eval(script.source, { keys, arguments: args });
      }
    });
  }

  /** A raw command, for a library that speaks Redis itself (the rate limiter's store); in a
   * Cluster it goes to the node that holds `key` (any node when there is none). */
  sendCommand(key: string | undefined, readOnly: boolean, args: string[]): Promise<unknown> {
    return this.guard(() => (this.cluster ? (this.client as Cluster).sendCommand(key, readOnly, args) : this.c.sendCommand(args)));
  }

  hGetAll(key: string): Promise<Record<string, string>> {
    return this.guard(() => this.c.hGetAll(key) as Promise<Record<string, string>>);
  }

  hGet(key: string, field: string): Promise<string | null> {
    return this.guard(() => this.c.hGet(key, field) as Promise<string | null>);
  }

  /** HSET of field/value pairs. */
  hSet(key: string, fields: readonly [string, string][]): Promise<void> {
    return this.guard(async () => void (await this.c.hSet(key, new Map(fields))));
  }

  hSetNx(key: string, field: string, value: string): Promise<boolean> {
    return this.guard(async () => (await this.c.hSetNX(key, field, value)) === 1);
  }

  pExpire(key: string, ms: number): Promise<void> {
    return this.guard(async () => void (await this.c.pExpire(key, ms)));
  }

  del(keys: string[]): Promise<void> {
    // One DEL per key: in a Cluster the keys may sit in different slots.
    return this.guard(async () => void (await Promise.all(keys.map((k) => this.c.del(k)))));
  }

  zAdd(key: string, score: number, member: string): Promise<void> {
    return this.guard(async () => void (await this.c.zAdd(key, { score, value: member })));
  }

  zRangeByScore(key: string, min: number, max: number, offset: number, count: number): Promise<string[]> {
    return this.guard(() => this.c.zRange(key, min, max, { BY: 'SCORE', LIMIT: { offset, count } }) as Promise<string[]>);
  }

  /** Members with scores in [min, max] in score order (then by member), or from max down with `rev`. */
  zRangeByScoreWithScores(key: string, min: number, max: number, offset: number, count: number, rev = false): Promise<{ value: string; score: number }[]> {
    return this.guard(() => this.c.zRangeWithScores(key, rev ? max : min, rev ? min : max, { BY: 'SCORE', ...(rev ? { REV: true } : {}), LIMIT: { offset, count } }) as Promise<{ value: string; score: number }[]>);
  }

  zRem(key: string, members: string[]): Promise<void> {
    return this.guard(async () => void (members.length ? await this.c.zRem(key, members) : 0));
  }

  zRemRangeByScore(key: string, min: number, max: number): Promise<void> {
    return this.guard(async () => void (await this.c.zRemRangeByScore(key, min, max)));
  }

  lRange(key: string, start: number, stop: number): Promise<string[]> {
    return this.guard(() => this.c.lRange(key, start, stop) as Promise<string[]>);
  }

  /** SET key 1 NX PX ttl: true when this call created the key. */
  setNx(key: string, ttlMs: number): Promise<boolean> {
    return this.guard(async () => (await this.c.set(key, '1', { condition: 'NX', expiration: { type: 'PX', value: ttlMs } })) === 'OK');
  }

  incr(key: string): Promise<number> {
    return this.guard(async () => Number(await this.c.incr(key)));
  }

  sAdd(key: string, member: string): Promise<void> {
    return this.guard(async () => void (await this.c.sAdd(key, member)));
  }

  sRem(key: string, member: string): Promise<void> {
    return this.guard(async () => void (await this.c.sRem(key, member)));
  }

  sMembers(key: string): Promise<string[]> {
    return this.guard(() => this.c.sMembers(key) as Promise<string[]>);
  }

  get(key: string): Promise<string | null> {
    return this.guard(() => this.c.get(key) as Promise<string | null>);
  }

  set(key: string, value: string): Promise<void> {
    return this.guard(async () => void (await this.c.set(key, value)));
  }

  /** SET key value NX PX ttl: true when this call created the key. */
  setNxPx(key: string, value: string, ttlMs: number): Promise<boolean> {
    return this.guard(async () => (await this.c.set(key, value, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } })) === 'OK');
  }

  setPx(key: string, value: string, ttlMs: number): Promise<void> {
    return this.guard(async () => void (await this.c.set(key, value, { expiration: { type: 'PX', value: ttlMs } })));
  }

  zRevRange(key: string, count: number): Promise<string[]> {
    return this.guard(() => this.c.zRange(key, 0, count - 1, { REV: true }) as Promise<string[]>);
  }

  /** LPUSH then LTRIM to the newest `max`, in one transaction. */
  lPushCapped(key: string, value: string, max: number): Promise<void> {
    return this.guard(async () => void (await this.c.multi().lPush(key, value).lTrim(key, 0, max - 1).exec()));
  }

  del1(key: string): Promise<void> {
    return this.guard(async () => void (await this.c.del(key)));
  }

  hGetAllOf(key: string): Promise<Record<string, string>> {
    return this.guard(() => this.c.hGetAll(key) as Promise<Record<string, string>>);
  }

  publish(channel: string, message: string): Promise<void> {
    return this.guard(async () => void (await this.c.publish(channel, message)));
  }

  /** Appends to a stream kept to about `maxLen` entries. */
  xAdd(key: string, fields: Record<string, string>, maxLen: number): Promise<void> {
    return this.guard(async () => void (await this.c.xAdd(key, '*', fields, { TRIM: { strategy: 'MAXLEN', strategyModifier: '~', threshold: maxLen } })));
  }

  /**
   * Entries for one consumer of a group: first those another consumer took and left
   * unacknowledged for `reclaimAfterMs` (it died), then new ones. The group is created (from
   * the stream's start) when missing, e.g. after a Redis without persistence restarted.
   */
  xTake(key: string, group: string, consumer: string, count: number, reclaimAfterMs: number): Promise<{ id: string; fields: Record<string, string> }[]> {
    type Entry = { id: string; message: Record<string, string> };
    const read = async (): Promise<Entry[]> => {
      const claimed = (await this.c.xAutoClaim(key, group, consumer, reclaimAfterMs, '0-0', { COUNT: count })) as { messages: (Entry | null)[] };
      const stale = claimed.messages.filter((m): m is Entry => m !== null);
      if (stale.length) return stale;
      const fresh = (await this.c.xReadGroup(group, consumer, { key, id: '>' }, { COUNT: count })) as { messages: Entry[] }[] | null;
      return fresh?.[0]?.messages ?? [];
    };
    return this.guard(async () => {
      let entries: Entry[];
      try {
        entries = await read();
      } catch (err) {
        if (!(err instanceof ErrorReply) || !err.message.startsWith('NOGROUP')) throw err;
        await this.c.xGroupCreate(key, group, '0', { MKSTREAM: true }).catch((e: unknown) => {
          if (!(e instanceof ErrorReply) || !e.message.startsWith('BUSYGROUP')) throw e;
        });
        entries = await read();
      }
      return entries.map((e) => ({ id: e.id, fields: e.message }));
    });
  }

  /** Up to `count` entries after `after` (exclusive; '-' for the start). */
  xRangeAfter(key: string, after: string, count: number): Promise<{ id: string; fields: Record<string, string> }[]> {
    return this.guard(async () => {
      const entries = (await this.c.xRange(key, after === '-' ? '-' : `(${after}`, '+', { COUNT: count })) as { id: string; message: Record<string, string> }[];
      return entries.map((e) => ({ id: e.id, fields: e.message }));
    });
  }

  xDel(key: string, ids: string[]): Promise<void> {
    return this.guard(async () => void (ids.length ? await this.c.xDel(key, ids) : 0));
  }

  xAck(key: string, group: string, id: string): Promise<void> {
    return this.guard(async () => void (await this.c.xAck(key, group, id)));
  }

  /** Losing the connection becomes STORE_UNAVAILABLE, which the channels turn into "please try
   * again in a moment"; a real error reply (a bug) stays what it is. */
  private async guard<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (err) {
      const reply = err instanceof ErrorReply;
      if (reply && !TRANSIENT_REPLY.test(err.message)) throw err;
      throw new SatisfyError('STORE_UNAVAILABLE', `${this.description}: ${(err as Error).message}`, { cause: err });
    }
  }

  /** A real round trip that writes (a Cluster client has no PING of its own, and a server at
   * `maxmemory` still answers reads while refusing every write a turn needs). The probe key
   * expires by itself. */
  async ping(probeKey: string): Promise<boolean> {
    try {
      await this.c.set(probeKey, '1', { expiration: { type: 'PX', value: 10_000 } });
      return true;
    } catch {
      return false;
    }
  }

  /** Pub/sub needs a connection of its own; one per process is shared by every channel. The
   * subscriptions are restored by node-redis after a reconnect. */
  async subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>> {
    this.subscriber ??= (async () => {
      const sub = this.client.duplicate();
      sub.on('error', () => {});
      await sub.connect();
      return sub;
    })();
    const sub = (await this.subscriber) as unknown as Client;
    await this.guard(() => sub.subscribe(channel, listener));
    return async () => {
      await sub.unsubscribe(channel, listener).catch(() => {});
    };
  }

  async close(): Promise<void> {
    const sub = this.subscriber && (await this.subscriber.catch(() => undefined));
    for (const c of [sub, this.client]) {
      if (!c) continue;
      try {
        await c.close();
      } catch {
        c.destroy();
      }
    }
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//***@');
}
