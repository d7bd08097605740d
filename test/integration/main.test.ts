import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../support/freePort.js';
import { ROOT } from '../support/scripts.js';

interface Run {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exit: Promise<number | null>;
}

/** Starts src/main.ts as `npm start` would (through tsx, skipping the build). */
function start(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out: () => out, err: () => err, exit };
}

async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('main.ts as a process', () => {
  it('starts on the embedded defaults, prints a generated admin token once, serves, and stops on SIGTERM', async () => {
    const port = await freePort();
    const run = start({ PORT: String(port), HOST: '127.0.0.1' });
    await until(() => run.out().includes('listening'), 'the listening log line');
    expect(run.out().match(/ADMIN_TOKEN was not set; generated for this run: (\S+)/g)).toHaveLength(1);
    const token = /generated for this run: (\S+)/.exec(run.out())![1]!;
    expect(run.out()).toContain('store: in-memory');

    expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()).toEqual({ status: 'ok' });
    const api = await fetch(`http://127.0.0.1:${port}/api/responses`, { headers: { authorization: `Bearer ${token}` } });
    expect(await api.json()).toEqual({ responses: [], next: null });

    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    expect(run.out()).toContain('"msg":"stopped"');
  });

  it('refuses to start when Redis cannot be reached, saying so', async () => {
    const run = start({ REDIS_URL: `redis://127.0.0.1:${await freePort()}`, REDIS_CONNECT_TIMEOUT_MS: '1000', PORT: String(await freePort()) });
    expect(await run.exit).toBe(1);
    expect(run.err()).toMatch(/Satisfy could not start:\nRedis redis:\/\/127\.0\.0\.1:\d+ is unreachable/);
  });

  it('refuses to start with bad configuration, naming every bad variable', async () => {
    const run = start({ PORT: 'x', LOG_LEVEL: 'chatty' });
    expect(await run.exit).toBe(1);
    expect(run.err()).toMatch(/Invalid configuration:\n {2}PORT: .*\n {2}LOG_LEVEL: /);
  });

  it('refuses to start with a broken script, naming file, line and problem', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'satisfy-dialogs-'));
    await writeFile(join(dir, 'broken.yaml'), 'id: broken\ntitle: { en: B }\ndefaultLocale: en\nlocales: [en, es]\nquestions:\n  - { id: q, type: yesno, text: { en: Q? } }\nendings:\n  - { id: e, text: { en: Bye, es: Adiós } }\n');
    const run = start({ DIALOGS_DIR: dir, PORT: String(await freePort()) });
    const code = await run.exit;
    await rm(dir, { recursive: true, force: true });
    expect(code).toBe(1);
    expect(run.err()).toContain(`${join(dir, 'broken.yaml')}:6: questions[0].text.es (question q): text missing for locale "es"`);
  });
});
