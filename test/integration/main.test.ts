import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../support/freePort.js';
import { ROOT } from '../support/scripts.js';

interface Run {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exit: Promise<number | null>;
}

const started: Run[] = [];

/** util-linux's `script` runs a command on a pseudo-terminal, as a person's shell would. */
const SCRIPT = '/usr/bin/script';

/**
 * Starts src/main.ts as `npm start` would (through tsx, skipping the build), its output piped;
 * or `onTerminal`, with stdout a terminal (stdout and stderr then arrive together, in out());
 * `withoutPinoPretty`, as after `npm ci --omit=dev`.
 */
function start(env: Record<string, string>, options: { onTerminal?: boolean; withoutPinoPretty?: boolean } = {}): Run {
  const args = ['--import', 'tsx', ...(options.withoutPinoPretty ? ['--import', './test/support/withoutPinoPretty.ts'] : []), 'src/main.ts'];
  if (options.onTerminal && !existsSync(SCRIPT)) throw new Error(`terminal tests run the server under util-linux script (${SCRIPT}): apt-get install -y bsdutils`);
  const [command, commandArgs] = options.onTerminal ? [SCRIPT, ['-qfec', `exec ${[process.execPath, ...args].map((a) => `'${a}'`).join(' ')}`, '/dev/null']] : [process.execPath, args];
  const child = spawn(command, commandArgs, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const run = { child, out: () => out, err: () => err, exit };
  started.push(run);
  return run;
}

/** Satisfy's own process id, also when it runs under `script`. */
function satisfyPid(run: Run): number {
  const pid = run.child.pid!;
  if (run.child.spawnfile !== SCRIPT) return pid;
  const children = existsSync(`/proc/${pid}/task/${pid}/children`) ? readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim() : '';
  return children ? Number(children.split(' ')[0]) : pid;
}

function terminate(run: Run): void {
  process.kill(satisfyPid(run), 'SIGTERM');
}

// A failed test leaves no server behind.
afterEach(() => {
  for (const run of started.splice(0)) {
    if (run.child.exitCode !== null || run.child.signalCode !== null) continue;
    try {
      const pid = satisfyPid(run);
      if (pid !== run.child.pid) process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
    run.child.kill('SIGKILL');
  }
});

/** What a terminal shows, without colours and carriage returns. */
function plain(text: string): string {
  // eslint-disable-next-line no-control-regex -- the escape sequences are what is removed
  return text.replace(/\x1b\[[0-9;]*m/g, '').replace(/\r/g, '');
}

const lines = (text: string) => plain(text).split('\n').filter((l) => l.trim() !== '');
const PRETTY_LINE = /^\[\d\d:\d\d:\d\d\.\d{3}\] (INFO|WARN|ERROR): /;

function expectJsonLines(text: string): void {
  expect(lines(text).length).toBeGreaterThan(2);
  for (const line of lines(text)) expect(JSON.parse(line), line).toMatchObject({ level: expect.any(Number), time: expect.any(Number), msg: expect.any(String) });
}

async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('main.ts as a process', () => {
  it('starts on the embedded defaults, prints a generated admin token and how to make a link with it once, serves, and stops on SIGTERM', async () => {
    const port = await freePort();
    const run = start({ PORT: String(port), HOST: '127.0.0.1' });
    await until(() => run.err().includes('Create a survey link'), 'the admin token and the hint');
    // Not a terminal: JSON lines on stdout, and the token (for a person) on stderr, outside them.
    expect(run.err().match(/ADMIN_TOKEN was not set; generated for this run: (\S+)/g)).toHaveLength(1);
    const token = /generated for this run: (\S+)/.exec(run.err())![1]!;
    expect(run.out()).not.toContain(token);
    expect(run.out()).toContain('store: in-memory');
    expectJsonLines(run.out());

    expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()).toEqual({ status: 'ok' });
    const api = await fetch(`http://127.0.0.1:${port}/api/responses`, { headers: { authorization: `Bearer ${token}` } });
    expect(await api.json()).toEqual({ responses: [], next: null });

    // The hint, run as printed, gets a link this server (with its generated signing key) opens.
    const hint = /^Create a survey link with it: ADMIN_TOKEN=(\S+) npm run invite -- (.+)$/m.exec(run.err());
    expect(hint?.[1]).toBe(token);
    expect(hint![2]).toBe(`--server http://localhost:${port} --customer 42 --order A-1001`);
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/invite.ts', ...hint![2]!.split(' ')], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ADMIN_TOKEN: token } });
    const invite = new URL(stdout.trim()).pathname.replace(/^\/s\//, '');
    const session = await fetch(`http://127.0.0.1:${port}/webchat/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ invite }) });
    expect(session.status).toBe(200);
    expect(run.out()).toContain('"msg":"invitation created"');

    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    expect(run.out()).toContain('"msg":"stopped"');
    expectJsonLines(run.out());
  }, 60_000);

  it('writes readable lines with LOG_FORMAT=pretty, even into a pipe, to the last one', async () => {
    const port = await freePort();
    const run = start({ PORT: String(port), HOST: '127.0.0.1', LOG_FORMAT: 'pretty' });
    await until(() => run.out().includes('Create a survey link'), 'the admin token and the hint');
    await fetch(`http://127.0.0.1:${port}/chat`);
    await until(() => run.out().includes('request GET /chat'), 'the access line');
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    const out = lines(run.out());
    expect(out.find((l) => l.includes('Satisfy is listening'))).toMatch(PRETTY_LINE);
    expect(out.find((l) => l.includes('request GET /chat'))).toMatch(/^\[[\d:.]+\] INFO: request GET \/chat 200 \d+(\.\d+)? ms \{"reqId":"[\w-]+","ip":"127\.0\.0\.1"\}$/);
    expect(out.at(-1)).toMatch(/^\[[\d:.]+\] INFO: stopped$/);
    // Beside readable logs, the token is printed with them.
    expect(out.filter((l) => !PRETTY_LINE.test(l))).toEqual([expect.stringMatching(/^ADMIN_TOKEN was not set; generated for this run: \S+$/), expect.stringMatching(/^Create a survey link with it: /)]);
    expect(run.err()).toBe('');
  }, 60_000);

  it('writes readable lines on a terminal by default, and JSON there with LOG_FORMAT=json', async () => {
    const auto = start({ PORT: String(await freePort()), HOST: '127.0.0.1', TERM: 'xterm-256color' }, { onTerminal: true });
    const json = start({ PORT: String(await freePort()), HOST: '127.0.0.1', LOG_FORMAT: 'json', ADMIN_TOKEN: 'a-configured-admin-token-0123' }, { onTerminal: true });
    await until(() => auto.out().includes('Create a survey link') && json.out().includes('handoff:'), 'both to start');
    terminate(auto);
    terminate(json);
    expect(await auto.exit).toBe(0);
    expect(await json.exit).toBe(0);
    expect(auto.out()).toContain('\x1b[32mINFO\x1b[39m'); // coloured, on a terminal that has colours
    const readable = lines(auto.out());
    expect(readable.find((l) => l.includes('Satisfy is listening'))).toMatch(PRETTY_LINE);
    expect(readable.some((l) => l.startsWith('{'))).toBe(false);
    expect(readable.at(-1)).toMatch(/INFO: stopped$/);
    expectJsonLines(json.out());
    expect(json.out()).toContain('"msg":"stopped"');
  }, 60_000);

  it('without pino-pretty (npm ci --omit=dev): JSON on a terminal too, and LOG_FORMAT=pretty refuses to start, saying why', async () => {
    const auto = start({ PORT: String(await freePort()), HOST: '127.0.0.1', ADMIN_TOKEN: 'a-configured-admin-token-0123' }, { onTerminal: true, withoutPinoPretty: true });
    const pretty = start({ PORT: String(await freePort()), LOG_FORMAT: 'pretty' }, { withoutPinoPretty: true });
    expect(await pretty.exit).toBe(1);
    expect(pretty.err()).toContain('LOG_FORMAT=pretty needs pino-pretty, a devDependency (npm ci without --omit=dev); or set LOG_FORMAT=json or auto.');
    expect(pretty.out()).toBe('');
    await until(() => auto.out().includes('handoff:'), 'the start');
    terminate(auto);
    expect(await auto.exit).toBe(0);
    expectJsonLines(auto.out());
  }, 60_000);

  it('refuses to start when its port is taken, saying so (not "listening")', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const run = start({ PORT: String(port), HOST: '127.0.0.1' });
      expect(await run.exit).toBe(1);
      expect(run.err()).toContain(`Satisfy could not start:\nport ${port} on 127.0.0.1 is already in use (another Satisfy still running?); stop it or set PORT`);
      expect(run.out()).not.toContain('listening');
    } finally {
      taken.close();
    }
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
