import { openSync, closeSync } from 'node:fs';
import { get } from 'node:http';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../test/support/freePort.js';
import { spawnPinned } from './pinned.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface AppProcess {
  pid: number;
  port: number;
  baseUrl: string;
  /** ms from spawn to the first 200 from /readyz. */
  readyMs: number;
  /** SIGINT (a graceful stop: a --cpu-prof profile is written), then waits for the exit. */
  stop(): Promise<void>;
}

export interface AppOptions {
  env: Record<string, string>;
  cpus?: string | undefined;
  nodeArgs?: string[];
  /** The app's stdout and stderr go here (JSON log lines). */
  logFile: string;
  /** A checkout with a built dist/ (default: this one); another build to compare with. */
  appDir?: string | undefined;
  /** Poll /readyz this often while waiting. */
  pollMs?: number;
  timeoutMs?: number;
}

function status(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = get(url, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(1000, () => req.destroy());
  });
}

/** `node dist/main.js` of this checkout (built with npm run build) as a child process, ready. */
export async function startApp(options: AppOptions): Promise<AppProcess> {
  const port = await freePort();
  const log = openSync(options.logFile, 'a');
  const started = performance.now();
  const proc = spawnPinned(options.cpus, process.execPath, [...(options.nodeArgs ?? []), 'dist/main.js'], {
    cwd: options.appDir ?? ROOT,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', LOG_FORMAT: 'json', ...options.env, PORT: String(port) },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  let exited: number | null = null;
  proc.once('exit', (code) => (exited = code ?? -1));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = started + (options.timeoutMs ?? 30_000);
  for (;;) {
    if (exited !== null) throw new Error(`the app exited with ${exited} before it was ready; see ${options.logFile}`);
    if ((await status(`${baseUrl}/readyz`)) === 200) break;
    if (performance.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`the app was not ready within ${options.timeoutMs ?? 30_000} ms; see ${options.logFile}`);
    }
    await new Promise((r) => setTimeout(r, options.pollMs ?? 5));
  }
  const readyMs = performance.now() - started;
  return {
    pid: proc.pid!,
    port,
    baseUrl,
    readyMs,
    stop: async () => {
      if (exited !== null) return;
      await new Promise<void>((resolve) => {
        proc.once('exit', () => resolve());
        proc.kill('SIGINT');
        setTimeout(() => proc.kill('SIGKILL'), 15_000).unref();
      });
    },
  };
}
