// A customer's turn while the agent console is flooded with sign-ins (issue 12, item 6):
// npm run bench:login. Figures, not pass/fail: bench/README.md quotes them.
// BENCH_TURNS (default 60) customer turns over HTTP, first alone, then during a BENCH_FLOOD-way
// (default 16) flood of valid sign-ins against a real cost-12 bcrypt hash, each from its own
// loopback address (so the per-address throttle does not simply refuse them).
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import bcrypt from 'bcryptjs';
import { pino } from 'pino';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';

const TURNS = Number(process.env.BENCH_TURNS ?? 60);
const FLOOD = Number(process.env.BENCH_FLOOD ?? 16);
const ADMIN_TOKEN = 'bench-admin-token-0123456789';

function post(url: string, body: unknown, headers: Record<string, string> = {}, localAddress?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: false, ...(localAddress ? { localAddress } : {}), headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown> }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

function percentiles(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(0);
  return `p50 ${at(50)} ms · p99 ${at(99)} ms · max ${sorted.at(-1)!.toFixed(0)} ms`;
}

const hashStart = performance.now();
const hash = bcrypt.hashSync('flood password', 12);
console.log(`one cost-12 bcrypt hash on this machine: ${(performance.now() - hashStart).toFixed(0)} ms`);
const config = loadConfig({ ADMIN_TOKEN, LOG_LEVEL: 'silent', CONSOLE_USERS: `flood:agent:${hash}` });
const satisfy = await createApp({ config: { ...config, adminToken: ADMIN_TOKEN, tokenSigningKey: 'bench-signing-key-0123456789-0123456789' }, log: pino({ level: 'silent' }), background: false });
const server = satisfy.app.listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

/** Turns of one customer in the web chat; a new conversation every 10 turns. */
async function customerTurns(count: number): Promise<number[]> {
  const times: number[] = [];
  let session: { conversationId: string; token: string } | undefined;
  for (let i = 0; i < count; i++) {
    if (i % 10 === 0) session = (await post(`${base}/webchat/session`, {})).body as { conversationId: string; token: string };
    const start = performance.now();
    const res = await post(`${base}/v3/directline/conversations/${session!.conversationId}/activities`, { type: 'message', text: '4' }, { authorization: `Bearer ${session!.token}` });
    times.push(performance.now() - start);
    if (res.status !== 200) throw new Error(`turn answered ${res.status}`);
    // A customer reads before answering; this also spreads the turns over the flood.
    await new Promise((r) => setTimeout(r, 50));
  }
  return times;
}

await customerTurns(10); // warm-up
const alone = await customerTurns(TURNS);
console.log(`customer turns alone (${TURNS}):           ${percentiles(alone)}`);

let stop = false;
const statuses = new Map<number, number>();
const signIns: number[] = [];
const attacker = async (n: number) => {
  while (!stop) {
    const start = performance.now();
    const { status } = await post(`${base}/console/api/login`, { username: 'flood', password: 'flood password' }, {}, `127.0.2.${n + 1}`);
    signIns.push(performance.now() - start);
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  }
};
const floodStart = performance.now();
const flood = Array.from({ length: FLOOD }, (_, n) => attacker(n));
await new Promise((r) => setTimeout(r, 200));
const during = await customerTurns(TURNS);
stop = true;
await Promise.all(flood);
const seconds = (performance.now() - floodStart) / 1000;
console.log(`customer turns during a ${FLOOD}-way flood: ${percentiles(during)}`);
console.log(`sign-ins: ${[...statuses].map(([s, n]) => `${n} x ${s}`).join(', ')}; ${(signIns.length / seconds).toFixed(1)}/s; latency ${percentiles(signIns)}`);
server.close();
await satisfy.close();
