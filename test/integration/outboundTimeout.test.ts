import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp, type SatisfyApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { ADMIN_TOKEN, TOKEN_SIGNING_KEY } from '../support/app.js';
import { listen, type Listening } from '../support/http.js';
import { DIALOGS_DIR, LOCALES_DIR } from '../support/scripts.js';
import { waitFor } from '../support/waitFor.js';

// Issue 12 item 8: replies to a Bot Framework connector had no timeout, so a connector that
// never answers held the turn and its socket open for good.
const lines: { level: number; msg: string }[] = [];
let satisfy: SatisfyApp;
let bot: Listening;
let silent: Server;
let silentUrl: string;
let open = 0;
let connections = 0;

beforeAll(async () => {
  silent = createServer(() => {
    // Reads the request and never answers.
  });
  silent.on('connection', (socket) => {
    open++;
    connections++;
    socket.on('close', () => open--);
  });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  const sink = new Writable({ write: (chunk, _enc, done) => void (lines.push(JSON.parse(String(chunk)) as { level: number; msg: string }), done()) });
  const config = loadConfig({ DIALOGS_DIR, LOCALES_DIR, ADMIN_TOKEN, OUTBOUND_TIMEOUT_MS: '300' });
  satisfy = await createApp({ config: { ...config, adminToken: ADMIN_TOKEN, tokenSigningKey: TOKEN_SIGNING_KEY }, log: pino(sink), background: false });
  bot = await listen(satisfy.app);
});

afterAll(async () => {
  await bot.close();
  await satisfy.close();
  silent.closeAllConnections();
  await new Promise((r) => silent.close(r));
});

it('gives up on a connector that never answers: the turn ends, the answer is kept, no socket stays open', async () => {
  const activity = (extra: Record<string, unknown>) => ({
    channelId: 'emulator',
    serviceUrl: silentUrl,
    conversation: { id: 'conv-silent' },
    from: { id: 'user-1' },
    recipient: { id: 'bot' },
    locale: 'en-US',
    ...extra,
  });
  const post = (body: unknown) => fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await post(activity({ id: 'a1', type: 'event', name: 'survey.start', value: { surveyId: 'post-purchase' } }));
  await post(activity({ id: 'a2', type: 'message', text: '5' }));
  expect(connections).toBeGreaterThan(0);
  const failed = lines.filter((l) => l.level >= 50 && l.msg === 'turn failed') as unknown as { err: { message: string; name?: string; type: string } }[];
  expect(failed.length).toBeGreaterThan(0);
  expect(JSON.stringify(failed[0]!.err)).toMatch(/abort|timeout/i);
  const res = await fetch(`${bot.url}/api/responses?surveyId=post-purchase`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  const { responses } = (await res.json()) as { responses: { answers: Record<string, { value: unknown }> }[] };
  expect(responses[0]?.answers.csat?.value).toBe(5);
  await waitFor(() => open === 0, 5000);
});

it('gives up on a Slack Web API that never answers, closing the socket, and tries again', async () => {
  let seen = 0;
  let closed = 0;
  const hung = createServer(() => {
    // Never answers.
  });
  hung.on('connection', (socket) => {
    seen++;
    socket.on('close', () => closed++);
  });
  await new Promise<void>((r) => hung.listen(0, '127.0.0.1', r));
  const config = loadConfig({ DIALOGS_DIR, LOCALES_DIR, ADMIN_TOKEN, LOG_LEVEL: 'silent', OUTBOUND_TIMEOUT_MS: '300', SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: 'slack-signing-secret-for-tests', SLACK_API_URL: `http://127.0.0.1:${(hung.address() as AddressInfo).port}/api/` });
  const app = await createApp({ config: { ...config, adminToken: ADMIN_TOKEN, tokenSigningKey: TOKEN_SIGNING_KEY }, log: pino({ level: 'silent' }), background: false });
  try {
    void app.slack!.client.auth.test().catch(() => undefined);
    // The first request was given up on (its socket closed) and Slack's client retried.
    await waitFor(() => seen >= 2 && closed >= 1, 10_000);
  } finally {
    await app.close();
    hung.closeAllConnections();
    await new Promise((r) => hung.close(r));
  }
});
