import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../support/freePort.js';
import { ROOT } from '../support/scripts.js';
import { WebchatCustomer } from '../support/webchatCustomer.js';

const ADMIN_TOKEN = 'first-turn-admin-token-0123456789';
let child: ChildProcess | undefined;

afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
});

async function ready(baseUrl: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const status = await fetch(`${baseUrl}/readyz`).then((r) => r.status, () => 0);
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error('not ready within 60 s');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Typed answers only (no button values), as the sample survey asks: CSAT, a rating said in
 * words that only its sentiment turns into a number, two ratings in words, the open "what could
 * we do better", NPS in words, and no call back. */
const ANSWERS = ['2', 'The parcel came late and the box was broken, really disappointing', 'four', 'three', 'The courier was rude and nobody answered my emails', 'three', 'no'];

async function conversation(baseUrl: string, ip: string): Promise<{ transcript: string[]; id: string }> {
  const customer = await new WebchatCustomer(baseUrl, ip).open();
  for (const text of ANSWERS) expect((await customer.say(text)).status).toBe(200);
  return { transcript: await customer.texts(), id: customer.conversationId };
}

/**
 * The start leaves the sentiment scorers (and natural's word lists) to be built after the
 * process is ready (main.ts, a second after it listens). A customer who starts right after the
 * first 200 from /readyz, while they may not be built yet, is answered and scored exactly as one
 * who comes later.
 */
describe('the first customer turn right after the start', () => {
  it('answers typed and open answers as a later conversation does, with the same sentiment stored', async () => {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ADMIN_TOKEN, TOKEN_SIGNING_KEY: 'first-turn-signing-key-0123456789abcdef' },
      stdio: 'ignore',
    });
    await ready(baseUrl);
    const first = await conversation(baseUrl, '198.51.100.1');
    // Long after the warm-up.
    await new Promise((r) => setTimeout(r, 3000));
    const later = await conversation(baseUrl, '198.51.100.2');

    expect(first.transcript).toEqual(later.transcript);
    expect(first.transcript.length).toBeGreaterThan(ANSWERS.length);
    const res = await fetch(`${baseUrl}/api/responses`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const { responses } = (await res.json()) as { responses: { startedAt: string; answers: Record<string, Record<string, unknown>> }[] };
    expect(responses).toHaveLength(2);
    const [a, b] = [...responses].sort((x, y) => x.startedAt.localeCompare(y.startedAt)).map((r) => Object.fromEntries(Object.entries(r.answers).map(([q, { answeredAt: _at, ...answer }]) => [q, answer])));
    expect(a).toEqual(b);
    expect(a).toMatchObject({ delivery: { value: 2 }, improve: { sentimentLabel: 'negative' }, nps: { value: 3 } });
  }, 120_000);
});
