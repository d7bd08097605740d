import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/freePort.js';
import { ROOT } from '../support/scripts.js';
import { WebchatCustomer } from '../support/webchatCustomer.js';

const ADMIN_TOKEN = 'built-server-admin-token-0123456789';
let child: ChildProcess | undefined;
let baseUrl = '';

/**
 * The production start, `node dist/main.js`, runs the server bundled by scripts/buildServer.ts
 * (the other tests run src/). What a bundle can break is checked here: the start itself, a
 * survey turn, the bcrypt worker (a file of its own beside main.js) and an import that stays lazy
 * (exceljs, for an xlsx export).
 */
beforeAll(async () => {
  await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/buildServer.ts'], { cwd: ROOT });
  expect(existsSync(join(ROOT, 'dist/main.js.map'))).toBe(true);
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, ['dist/main.js'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ADMIN_TOKEN,
      TOKEN_SIGNING_KEY: 'built-server-signing-key-0123456789abcdef',
      CONSOLE_USERS: `ana:agent:${bcrypt.hashSync('ana password 1', 4)}`,
    },
    stdio: 'ignore',
  });
  const deadline = Date.now() + 60_000;
  while ((await fetch(`${baseUrl}/readyz`).then((r) => r.status, () => 0)) !== 200) {
    if (Date.now() > deadline) throw new Error('dist/main.js not ready within 60 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}, 180_000);

afterAll(() => {
  child?.kill('SIGKILL');
});

describe('the bundled server (dist/main.js)', () => {
  it('runs a survey turn with an open answer scored', async () => {
    const customer = await new WebchatCustomer(baseUrl, '198.51.100.1').open();
    expect((await customer.say('2')).status).toBe(200);
    expect((await customer.say('The parcel came late and the box was broken, really disappointing')).status).toBe(200);
    expect((await customer.texts()).at(-1)).toContain('quality');
    // Product quality and value, then the open question: scored by the learned model, which the
    // bundle finds through config (models/sentiment).
    for (const answer of ['2', '2', 'The parcel came late and the box was broken, really disappointing']) expect((await customer.say(answer)).status).toBe(200);
    const res = await fetch(`${baseUrl}/api/responses?surveyId=post-purchase&from=2020-01-01&to=2100-01-01`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const { responses } = (await res.json()) as { responses: { answers: Record<string, { sentimentLabel?: string; sentimentConfidence?: number; drivers?: string[] }> }[] };
    const open = responses.flatMap((r) => Object.values(r.answers)).find((a) => a.sentimentLabel);
    expect(open).toMatchObject({ sentimentLabel: 'negative', sentimentConfidence: expect.any(Number), drivers: expect.arrayContaining([expect.any(String)]) });
  });

  it('checks a password on its bcrypt worker thread', async () => {
    const post = (password: string) => fetch(`${baseUrl}/console/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ana', password }) });
    expect((await post('ana password 1')).status).toBe(200);
    expect((await post('not her password')).status).toBe(401);
  });

  it('loads exceljs for an xlsx export', async () => {
    const res = await fetch(`${baseUrl}/api/responses?surveyId=post-purchase&from=2020-01-01&to=2100-01-01&format=xlsx`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res.status).toBe(200);
    // An xlsx file is a zip archive.
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
  });
});
