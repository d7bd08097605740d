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
