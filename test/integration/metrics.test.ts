import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SatisfyApp } from '../../src/app.js';
import { ADMIN_TOKEN, createTestApp } from '../support/app.js';
import { listen, type Listening } from '../support/http.js';
import { testRedisStores } from '../support/redis.js';
import { WebchatCustomer } from '../support/webchatCustomer.js';

/** The value of one series in Prometheus text, or undefined when it is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  let satisfy: SatisfyApp;
  let server: Listening;

  beforeAll(async () => {
    satisfy = await createTestApp({ RATE_LIMIT_PAGES: '1' }, { stores: await testRedisStores() });
    server = await listen(satisfy.app, satisfy.attach);
  });

  afterAll(async () => {
    await server.close();
    await satisfy.close();
  });

  const scrape = (token?: string) => fetch(`${server.url}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

  it('is refused without the token', async () => {
    const res = await scrape();
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
    expect((await scrape('not-the-token-at-all')).status).toBe(401);
  });

  it('counts a survey: turns by channel, answers, a completion, an escalation and its case, a rate-limited request, Redis round trips', async () => {
    const happy = await new WebchatCustomer(server.url, '').open();
    for (const answer of ['5', '5', '5', '5', '10', 'great service']) expect((await happy.say(answer)).status).toBe(200);
    const unhappy = await new WebchatCustomer(server.url, '').open();
    expect((await unhappy.say('1')).status).toBe(200);
    expect((await fetch(`${server.url}/chat`)).status).toBe(200);
    expect((await fetch(`${server.url}/chat`)).status).toBe(429);

    const res = await scrape(ADMIN_TOKEN);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    // Two survey starts and seven answers, each one turn.
    expect(sample(text, 'satisfy_turns_total{channel="directline",outcome="ok"}')).toBeGreaterThanOrEqual(9);
    expect(sample(text, 'satisfy_turns_total{channel="directline",outcome="error"}') ?? 0).toBe(0);
    expect(sample(text, 'satisfy_turn_duration_seconds_count{channel="directline"}')).toBeGreaterThanOrEqual(9);
    expect(sample(text, 'satisfy_answers_total{channel="directline"}')).toBe(7);
    expect(sample(text, 'satisfy_surveys_completed_total{channel="directline"}')).toBe(1);
    expect(sample(text, 'satisfy_escalations_total{channel="directline",reason="rule"}')).toBe(1);
    expect(sample(text, 'satisfy_case_transitions_total{status="open"}')).toBe(1);
    expect(sample(text, 'satisfy_rate_limited_total{group="pages"}')).toBe(1);
    expect(sample(text, 'satisfy_redis_round_trip_seconds_count')).toBeGreaterThanOrEqual(1);
    // Default process metrics, under the same prefix.
    expect(text).toContain('satisfy_process_resident_memory_bytes');
  });

  it('takes METRICS_TOKEN instead of the admin token when one is set', async () => {
    const metricsToken = 'metrics-token-0123456789';
    const other = await createTestApp({ METRICS_TOKEN: metricsToken });
    const otherServer = await listen(other.app);
    try {
      expect((await fetch(`${otherServer.url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })).status).toBe(200);
      expect((await fetch(`${otherServer.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).status).toBe(401);
      // Each app has its own registry: nothing from the app above is counted here.
      const text = await (await fetch(`${otherServer.url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })).text();
      expect(sample(text, 'satisfy_answers_total{channel="directline"}')).toBeUndefined();
    } finally {
      await otherServer.close();
      await other.close();
    }
  });
});
