import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { createTestApp } from '../support/app.js';
import { DirectLineClient, Stream } from '../support/directLine.js';
import { listen, type Listening } from '../support/http.js';
import { redisUrl, testRedisStores, uniquePrefix } from '../support/redis.js';

/** The web chat behind a load balancer: the stream on one instance, posts landing on another. */
describe('web chat across two instances on one Redis', () => {
  let a: SatisfyApp;
  let b: SatisfyApp;
  let onA: Listening;
  let onB: Listening;

  beforeAll(async () => {
    const prefix = uniquePrefix();
    a = await createTestApp({}, { stores: await testRedisStores({ url: redisUrl() }, prefix) });
    b = await createTestApp({}, { stores: await testRedisStores({ url: redisUrl() }, prefix) });
    onA = await listen(a.app, a.attach);
    onB = await listen(b.app, b.attach);
  });

  afterAll(async () => {
    await onA.close();
    await onB.close();
    await a.close();
    await b.close();
  });

  it('streams on A what was posted on B, and a reconnect on B gets exactly what was missed', async () => {
    const res = await fetch(`${onA.url}/webchat/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const session = (await res.json()) as { conversationId: string; token: string; streamUrl: string };
    const stream = new Stream(session.streamUrl);
    await stream.waitFor((all) => all.length === 2, 'the intro and the first question');

    const viaB = new DirectLineClient(onB.url, session.token);
    await viaB.say(session.conversationId, '4', { channelData: { clientActivityID: 'lb-1' } });
    await stream.waitFor((all) => all.some((x) => x.text?.startsWith('How satisfied are you with the delivery')), 'the reply produced on B');
    const watermark = Number(stream.watermark);
    stream.close();
    await stream.closed;

    const viaA = new DirectLineClient(onA.url, session.token);
    await viaA.say(session.conversationId, '5', { channelData: { clientActivityID: 'lb-2' } });
    const { streamUrl } = await viaB.json<{ streamUrl: string }>('GET', `/conversations/${session.conversationId}?watermark=${watermark}`);
    const resumed = new Stream(streamUrl);
    await resumed.waitFor((all) => all.length >= 2, 'what was missed');
    expect(resumed.activities.map((x) => x.text?.split('\n')[0])).toEqual(['5', 'How satisfied are you with the quality of what you bought?']);
    resumed.close();
  });
});
