import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './freePort.js';

export interface RedisServer {
  port: number;
  url: string;
  dir: string;
  /** The running server's pid (benches read its CPU from /proc); undefined while stopped. */
  readonly pid: number | undefined;
  /** Stops the server the way an operator would (SIGTERM: it saves if persistence is on). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data folder. */
  start(): Promise<void>;
  /** Stops it and removes its data folder. */
  destroy(): Promise<void>;
}

export interface RedisServerOptions {
  /** Keep data across stop/start (append-only file, fsync on every write). */
  persistent?: boolean;
  cluster?: boolean;
  /** Pin it to these CPUs (`taskset -c`; benches put it on the bot's core). */
  cpus?: string;
  /** More clients than the default 10,000 (the web chat bench holds that many chats). */
  maxClients?: number;
}

export function redisServerAvailable(): boolean {
  return spawnSync('redis-server', ['--version']).status === 0;
}

/** A real redis-server of the test's own on a free loopback port, in a fresh folder. */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'satisfy-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--daemonize', 'no', '--logfile', ''];
  if (options.persistent) args.push('--appendonly', 'yes', '--appendfsync', 'always');
  else args.push('--appendonly', 'no');
  if (options.maxClients) args.push('--maxclients', String(options.maxClients));
  if (options.cluster) args.push('--cluster-enabled', 'yes', '--cluster-config-file', join(dir, 'nodes.conf'), '--cluster-node-timeout', '2000');
  let child: ChildProcess | undefined;

  const start = async () => {
    // taskset execs redis-server, so the pid stays the server's.
    const proc = options.cpus ? spawn('taskset', ['-c', options.cpus, 'redis-server', ...args], { stdio: ['ignore', 'pipe', 'pipe'] }) : spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server on ${port} did not start:\n${output}`)), 10_000);
      const onData = (d: Buffer) => {
        output += d.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      };
      proc.stdout!.on('data', onData);
      proc.stderr!.on('data', onData);
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server on ${port} exited with ${code}:\n${output}`));
      });
    });
    // Ready: its later log lines are drained, not kept (a long bench would pile them up).
    proc.stdout!.removeAllListeners('data').resume();
    proc.stderr!.removeAllListeners('data').resume();
  };
  const stop = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.removeAllListeners('exit');
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    get pid() {
      return child?.pid;
    },
    stop,
    start,
    destroy: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface RedisCluster {
  nodes: string[];
  destroy(): Promise<void>;
}

/** Three masters on loopback, joined by redis-cli, with all 16384 slots assigned. */
export async function startRedisCluster(): Promise<RedisCluster> {
  const servers = await Promise.all([0, 1, 2].map(() => startRedisServer({ cluster: true })));
  const destroy = async () => {
    await Promise.all(servers.map((s) => s.destroy()));
  };
  const create = spawnSync('redis-cli', ['--cluster', 'create', ...servers.map((s) => `127.0.0.1:${s.port}`), '--cluster-replicas', '0', '--cluster-yes'], { encoding: 'utf8' });
  if (create.status !== 0) {
    await destroy();
    throw new Error(`redis-cli --cluster create failed:\n${create.stdout}\n${create.stderr}`);
  }
  const deadline = Date.now() + 20_000;
  for (const s of servers) {
    for (;;) {
      const info = spawnSync('redis-cli', ['-p', String(s.port), 'cluster', 'info'], { encoding: 'utf8' }).stdout;
      if (info.includes('cluster_state:ok')) break;
      if (Date.now() > deadline) {
        await destroy();
        throw new Error(`cluster did not become ok:\n${info}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { nodes: servers.map((s) => s.url), destroy };
}
