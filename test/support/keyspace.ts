import { createClient, createCluster } from 'redis';
import type { StoreTarget } from './redis.js';

type Client = ReturnType<typeof createClient>;

/**
 * Every key under a prefix with its whole value as text, read with SCAN on every master (a
 * Cluster's keys are spread over them): what an erasure test looks through for a customer.
 */
export async function dumpKeyspace(target: StoreTarget, prefix: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (target.clusterNodes?.length) {
    const cluster = await createCluster({ rootNodes: target.clusterNodes.map((url) => ({ url })) }).connect();
    try {
      for (const master of cluster.masters) await dumpNode((await cluster.nodeClient(master)) as unknown as Client, prefix, out);
    } finally {
      await cluster.close();
    }
    return out;
  }
  const client = await createClient({ url: target.url }).connect();
  try {
    await dumpNode(client, prefix, out);
  } finally {
    await client.close();
  }
  return out;
}

async function dumpNode(client: Client, prefix: string, out: Map<string, string>): Promise<void> {
  for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
    for (const key of keys) out.set(key, JSON.stringify(await valueOf(client, key)));
  }
}

async function valueOf(client: Client, key: string): Promise<unknown> {
  switch (await client.type(key)) {
    case 'string':
      return client.get(key);
    case 'hash':
      return client.hGetAll(key);
    case 'list':
      return client.lRange(key, 0, -1);
    case 'set':
      return client.sMembers(key);
    case 'zset':
      return client.zRange(key, 0, -1);
    case 'stream':
      return client.xRange(key, '-', '+');
    default:
      return null;
  }
}
