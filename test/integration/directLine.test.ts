import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { memoryStores } from '../../src/storage/memory/memoryStores.js';
import { createTestApp } from '../support/app.js';
import { DirectLineClient, Stream, type DlActivity } from '../support/directLine.js';
import { listen, type Listening } from '../support/http.js';
import { FakeClock } from '../support/scripts.js';

const SECRET = 'directline-secret-for-tests';

const bot = (all: DlActivity[]) => all.filter((a) => a.from.role === 'bot');
const questionOf = (a: DlActivity | undefined) => a?.channelData?.satisfy?.questionId;

describe('Direct Line 3.0 over real HTTP and WebSocket', () => {
  let satisfy: SatisfyApp;
  let server: Listening;
  let dl: DirectLineClient;
  const clock = new FakeClock();

  beforeAll(async () => {
    satisfy = await createTestApp({ DIRECTLINE_SECRET: SECRET }, { clock, stores: memoryStores(clock) });
    server = await listen(satisfy.app, satisfy.attach);
    dl = new DirectLineClient(server.url, SECRET);
  });

  afterAll(async () => {
    await server.close();
    await satisfy.close();
  });

  async function newConversation(userId?: string): Promise<{ client: DirectLineClient; conversationId: string; streamUrl: string }> {
    const generated = await dl.json<{ conversationId: string; token: string; expires_in: number }>('POST', '/tokens/generate', userId ? { user: { id: userId } } : {});
    expect(generated.expires_in).toBe(1800);
    const client = new DirectLineClient(server.url, generated.token);
    const res = await client.request('POST', '/conversations');
    expect(res.status).toBe(201);
    const conversation = (await res.json()) as { conversationId: string; streamUrl: string; token: string };
    expect(conversation.conversationId).toBe(generated.conversationId);
    expect(conversation.streamUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v3\/directline\/conversations\/.+\/stream\?t=/);
    return { client, conversationId: conversation.conversationId, streamUrl: conversation.streamUrl };
  }

  describe('tokens', () => {
    it('answers 401 without credentials and with a forged token', async () => {
      const { conversationId } = await newConversation();
      expect((await dl.request('GET', `/conversations/${conversationId}/activities`, undefined, null)).status).toBe(401);
      const forged = await dl.request('GET', `/conversations/${conversationId}/activities`, undefined, 'eyJhbGciOiJIUzI1NiJ9.eyJjaWQiOiJ4In0.c2ln');
      expect(forged.status).toBe(401);
      expect(forged.headers.get('www-authenticate')).toBe('Bearer');
    });

    it("answers 403 to a token used on another conversation, for reading, posting and streaming", async () => {
      const a = await newConversation();
      const b = await newConversation();
      const read = await a.client.request('GET', `/conversations/${b.conversationId}/activities`);
      expect(read.status).toBe(403);
      expect(((await read.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
      expect((await a.client.request('POST', `/conversations/${b.conversationId}/activities`, { type: 'message', text: 'hi' })).status).toBe(403);
      const stream = new Stream(b.streamUrl.replace(/t=[^&]+/, `t=${a.client.auth}`));
      await expect(stream.opened).rejects.toThrow('403');
    });

    it('generates tokens only with the secret', async () => {
      const { client } = await newConversation();
      expect((await client.request('POST', '/tokens/generate')).status).toBe(403);
      expect((await dl.request('POST', '/tokens/generate', undefined, 'not-the-secret')).status).toBe(401);
    });

    it('refreshes a token, and refuses one that has expired (403)', async () => {
      const { client, conversationId } = await newConversation();
      clock.advance(1000 * 1000);
      const refreshed = await client.json<{ token: string; conversationId: string }>('POST', '/tokens/refresh');
      expect(refreshed.conversationId).toBe(conversationId);
      clock.advance(1000 * 1000);
      const expired = await client.request('GET', `/conversations/${conversationId}/activities`);
      expect(expired.status).toBe(403);
      expect(((await expired.json()) as { error: { code: string } }).error.code).toBe('TOKEN_EXPIRED');
      const fresh = new DirectLineClient(server.url, refreshed.token);
      expect((await fresh.request('GET', `/conversations/${conversationId}/activities`)).status).toBe(200);
    });
  });

  it('echoes the customer activity with its id and clientActivityID, then the bot answers', async () => {
    const { client, conversationId } = await newConversation('customer-7');
    const id = await client.say(conversationId, 'hello', { channelData: { clientActivityID: 'c-1' } });
    const { activities, watermark } = await client.activities(conversationId);
    expect(activities[0]).toMatchObject({ id, type: 'message', text: 'hello', from: { id: 'customer-7', role: 'user' }, channelData: { clientActivityID: 'c-1' } });
    expect(bot(activities).map((a) => a.text)[0]).toContain('Thanks for shopping with us');
    expect(questionOf(bot(activities).at(-1))).toBe('csat');
    expect(Number(watermark)).toBe(activities.length);
  });

  it('takes a retried post (same clientActivityID) once', async () => {
    const { client, conversationId } = await newConversation();
    await client.say(conversationId, 'hi');
    const before = (await client.activities(conversationId)).activities.length;
    const first = await client.say(conversationId, '4', { channelData: { clientActivityID: 'retry-me' } });
    const again = await client.say(conversationId, '4', { channelData: { clientActivityID: 'retry-me' } });
    expect(again).toBe(first);
    const after = (await client.activities(conversationId)).activities;
    expect(after.filter((a) => a.channelData?.clientActivityID === 'retry-me')).toHaveLength(1);
    expect(after.filter((a) => questionOf(a) === 'delivery')).toHaveLength(1);
    expect(after.length).toBe(before + 2);
  });

  it('gives exactly what was missed after a watermark', async () => {
    const { client, conversationId } = await newConversation();
    await client.say(conversationId, 'hi');
    const { watermark } = await client.activities(conversationId);
    await client.say(conversationId, '5');
    const missed = await client.activities(conversationId, Number(watermark));
    expect(missed.activities.map((a) => a.text?.split('\n')[0])).toEqual(['5', 'How satisfied are you with the delivery?']);
    expect((await client.activities(conversationId, Number(missed.watermark))).activities).toEqual([]);
    expect((await client.request('GET', `/conversations/${conversationId}/activities?watermark=abc`)).status).toBe(400);
  });

  it('streams new activities over the WebSocket, and a reconnect with a watermark gets only what was missed', async () => {
    const { client, conversationId, streamUrl } = await newConversation();
    const stream = new Stream(streamUrl);
    await stream.opened;
    await client.say(conversationId, 'hi');
    await stream.waitFor((all) => questionOf(bot(all).at(-1)) === 'csat', 'the first question');
    await client.say(conversationId, '4');
    await stream.waitFor((all) => questionOf(bot(all).at(-1)) === 'delivery', 'the delivery question');
    const seen = stream.activities.length;
    const watermark = Number(stream.watermark);
    expect(watermark).toBe(seen);
    stream.close();
    await stream.closed;

    await client.say(conversationId, '3');
    const again = await client.json<{ streamUrl: string }>('GET', `/conversations/${conversationId}?watermark=${watermark}`);
    const resumed = new Stream(again.streamUrl);
    await resumed.waitFor((all) => all.length >= 2, 'the missed activities');
    expect(resumed.activities.map((a) => [a.from.role, a.text?.split('\n')[0]])).toEqual([
      ['user', '3'],
      ['bot', expect.stringContaining('quality')],
    ]);
    resumed.close();
  });

  it('keeps two conversations apart', async () => {
    const a = await newConversation();
    const b = await newConversation();
    await a.client.say(a.conversationId, 'hi');
    await a.client.say(a.conversationId, '2');
    await b.client.say(b.conversationId, 'hola', { locale: 'es-ES' });
    const inA = (await a.client.activities(a.conversationId)).activities;
    const inB = (await b.client.activities(b.conversationId)).activities;
    expect(inA.map((x) => x.text)).not.toContain('hola');
    expect(inB.map((x) => x.text)).not.toContain('2');
    expect(questionOf(bot(inA).at(-1))).toBe('delivery');
    expect(questionOf(bot(inB).at(-1))).toBe('csat');
    expect(bot(inB)[0]?.text).toContain('Gracias por tu compra');
  });

  it('refuses a survey.start posted by a chat client, and bad activities', async () => {
    const { client, conversationId } = await newConversation();
    expect((await client.request('POST', `/conversations/${conversationId}/activities`, { type: 'event', name: 'survey.start', value: { order: { id: 'fake' } } })).status).toBe(403);
    const bad = await client.request('POST', `/conversations/${conversationId}/activities`, { type: 'message', text: 'x'.repeat(10_001) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'BAD_ACTIVITY', message: expect.stringContaining('text') });
    expect((await client.request('POST', `/conversations/${conversationId}/activities`, { type: 'invoke' })).status).toBe(400);
    expect((await client.request('GET', '/conversations/nope/activities')).status).toBe(403);
  });

  it('answers a cross-origin preflight for the chat API', async () => {
    const res = await fetch(`${dl.domain}/conversations`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
  });
});
