import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { createTestApp } from '../support/app.js';
import { DirectLineClient, Stream } from '../support/directLine.js';
import { listen, type Listening } from '../support/http.js';
import { FakeClock } from '../support/scripts.js';

const SECRET = 'directline-secret-for-tests';
const clock = new FakeClock();
const stores = memoryStores(clock);
let reads = 0;
const since = stores.activities.since.bind(stores.activities);
stores.activities.since = (...args) => {
  reads++;
  return since(...args);
};
let conversationReads = 0;
const getConversation = stores.activities.getConversation.bind(stores.activities);
stores.activities.getConversation = (...args) => {
  conversationReads++;
  return getConversation(...args);
};
const appends: string[] = [];
const append = stores.activities.append.bind(stores.activities);
stores.activities.append = (...args) => {
  appends.push('append');
  return append(...args);
};
const appendAll = stores.activities.appendAll.bind(stores.activities);
/** When set, a turn's replies wait for it before they are appended (a slow turn). */
let repliesGate: Promise<void> | undefined;
stores.activities.appendAll = async (...args) => {
  appends.push(`appendAll ${args[1].length}`);
  await repliesGate;
  return appendAll(...args);
};
/** What the next announcements do before the stream hears them: dropped (a subscriber that
 * missed them) or heard twice. */
const announcements: ('drop' | 'twice')[] = [];
const subscribe = stores.activities.subscribe.bind(stores.activities);
stores.activities.subscribe = (id, listener) =>
  subscribe(id, (signal, appended) => {
    const fate = appended ? announcements.shift() : undefined;
    if (fate === 'drop') return;
    listener(signal, appended);
    if (fate === 'twice') listener(signal, appended);
  });
let satisfy: SatisfyApp;
let server: Listening;

beforeAll(async () => {
  satisfy = await createTestApp({ DIRECTLINE_SECRET: SECRET }, { clock, stores });
  server = await listen(satisfy.app, satisfy.attach);
});

afterAll(async () => {
  await server.close();
  await satisfy.close();
});

// A turn announces its echo and each reply as it appends them; a stream that read the log once
// per announcement would do a Redis round trip (and send a frame) for each, mostly finding
// nothing new. Announcements that come while a read is already waiting are served by that read.
it('reads the log once for appends announced while a read is waiting, and sends each activity once, in order', async () => {
  const dl = new DirectLineClient(server.url, SECRET);
  const { conversationId, streamUrl } = await dl.json<{ conversationId: string; streamUrl: string }>('POST', '/conversations');
  const stream = new Stream(streamUrl);
  await stream.opened;
  await stream.waitFor(() => reads >= 1, 'the first read');
  await new Promise((r) => setTimeout(r, 50));
  const before = reads;
  const burst = Array.from({ length: 8 }, (_, i) => stores.activities.append(conversationId, { type: 'message', text: `m${i}` }, { ttlMs: 60_000 }));
  await Promise.all(burst);
  await stream.waitFor((all) => all.length === 8, 'the eight activities');
  await new Promise((r) => setTimeout(r, 50));
  // One read that finds the eight, one that finds nothing more (without coalescing: nine).
  expect(reads - before).toBeLessThanOrEqual(2);
  expect(stream.activities.map((a) => a.text)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7']);
  stream.close();
});

async function session(): Promise<{ conversationId: string; token: string; streamUrl: string }> {
  const res = await fetch(`${server.url}/webchat/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"locale":"en"}' });
  expect(res.status).toBe(200);
  return (await res.json()) as { conversationId: string; token: string; streamUrl: string };
}

// A turn's replies come to the stream with their announcement: reading back from the log (a
// Redis round trip, a parse and a stringify) what the stream was just told about is waste. A
// customer's token names their conversation and user, so a post needs no read of it either.
it('streams a turn: its echo and its replies appended in one step each, sent with no read of the log or the conversation', async () => {
  appends.length = 0;
  const readsBeforeSession = conversationReads;
  const { conversationId, token, streamUrl } = await session();
  // The start's two replies (the intro and the first question): one append. A new chat is
  // created without first reading whether it exists.
  expect(appends).toEqual(['appendAll 2']);
  expect(conversationReads - readsBeforeSession).toBe(0);
  const stream = new Stream(streamUrl);
  await stream.waitFor((all) => all.length === 2, 'the intro and the first question');
  await new Promise((r) => setTimeout(r, 50));
  const [readsBefore, conversationReadsBefore, framesBefore] = [reads, conversationReads, stream.frames];
  appends.length = 0;
  await new DirectLineClient(server.url, token).say(conversationId, '4', { channelData: { clientActivityID: 'x-1' } });
  await stream.waitFor((all) => all.length === 4, 'the echo and the next question');
  expect(appends).toEqual(['append', 'appendAll 1']);
  // The echo is announced with the reply: one frame, not one each.
  expect(stream.frames - framesBefore).toBe(1);
  expect(reads - readsBefore).toBe(0);
  expect(conversationReads - conversationReadsBefore).toBe(0);
  expect(stream.activities.map((a) => Number(a.id.split('|')[1]))).toEqual([1, 2, 3, 4]);
  expect(stream.watermark).toBe('4');
  stream.close();
});

it('reads the log when an announcement was missed, and sends an announcement heard twice once', async () => {
  const { conversationId, streamUrl } = await session();
  const stream = new Stream(streamUrl);
  await stream.waitFor((all) => all.length === 2, 'the intro and the first question');
  await new Promise((r) => setTimeout(r, 50));
  announcements.push('drop', 'twice');
  await stores.activities.append(conversationId, { type: 'message', text: 'missed' }, { ttlMs: 60_000 });
  await new Promise((r) => setTimeout(r, 50));
  expect(stream.activities).toHaveLength(2);
  await stores.activities.append(conversationId, { type: 'message', text: 'after the gap' }, { ttlMs: 60_000 });
  await stores.activities.append(conversationId, { type: 'message', text: 'next' }, { ttlMs: 60_000 });
  await stream.waitFor((all) => all.length >= 5, 'the missed activity and the two after it');
  await new Promise((r) => setTimeout(r, 50));
  expect(stream.activities.slice(2).map((a) => a.text)).toEqual(['missed', 'after the gap', 'next']);
  expect(stream.watermark).toBe('5');
  stream.close();
});

it('answers 404 to a post with a valid token whose conversation is gone', async () => {
  const { conversationId, token } = await session();
  await stores.activities.deleteConversation(conversationId);
  const client = new DirectLineClient(server.url, token);
  const res = await client.request('POST', `/conversations/${conversationId}/activities`, { type: 'message', text: 'hello?' });
  expect(res.status).toBe(404);
  expect(await res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  expect((await client.request('POST', `/conversations/${conversationId}/activities`, { type: 'typing' })).status).toBe(404);
});

// The echo waits for the turn's replies to share their frame, but a slow turn must not hide
// what the customer sent: here the reply cannot be appended until the echo is on the stream.
it('shows the echo on its own when the turn is slow, then the reply, each once', async () => {
  const { conversationId, token, streamUrl } = await session();
  const stream = new Stream(streamUrl);
  await stream.waitFor((all) => all.length === 2, 'the intro and the first question');
  let open!: () => void;
  repliesGate = new Promise((resolve) => (open = resolve));
  const post = new DirectLineClient(server.url, token).say(conversationId, '5', { channelData: { clientActivityID: 'slow-1' } });
  try {
    await stream.waitFor((all) => all.length === 3, 'the echo while the turn is still running');
    expect(stream.activities[2]).toMatchObject({ text: '5', from: { role: 'user' } });
  } finally {
    open();
    repliesGate = undefined;
  }
  await post;
  await stream.waitFor((all) => all.length === 4, 'the reply');
  await new Promise((r) => setTimeout(r, 50));
  expect(stream.activities.map((a) => Number(a.id.split('|')[1]))).toEqual([1, 2, 3, 4]);
  stream.close();
});

// A resend of a turn that completed runs no reply: the echo (and what followed it) is
// announced again, so a stream that missed the first announcement still gets them.
it('announces again on a resend whose turn sends nothing, so a missed announcement is made good', async () => {
  const { conversationId, token, streamUrl } = await session();
  const stream = new Stream(streamUrl);
  await stream.waitFor((all) => all.length === 2, 'the intro and the first question');
  await new Promise((r) => setTimeout(r, 50));
  const client = new DirectLineClient(server.url, token);
  announcements.push('drop');
  await client.say(conversationId, '4', { channelData: { clientActivityID: 'again-1' } });
  await new Promise((r) => setTimeout(r, 50));
  expect(stream.activities).toHaveLength(2);
  appends.length = 0;
  await client.say(conversationId, '4', { channelData: { clientActivityID: 'again-1' } });
  await stream.waitFor((all) => all.length === 4, 'the echo and the reply');
  // The reply is there already (it adds nothing, so it announces nothing).
  expect(appends).toEqual(['append', 'appendAll 1']);
  await new Promise((r) => setTimeout(r, 50));
  expect(stream.activities.map((a) => Number(a.id.split('|')[1]))).toEqual([1, 2, 3, 4]);
  stream.close();
});
