import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

describe('rate limit, proxy and metrics configuration', () => {
  it('defaults to no trusted proxy and limits a real customer never meets', () => {
    const config = loadConfig({});
    expect(config.trustProxy).toBe('off');
    expect(config.rateLimits).toEqual({ windowMs: 60_000, chat: 600, conversation: 120, pages: 300, staff: 600, inbound: 3000, health: 1200, websocket: 120, unsubscribe: 600, partner: 1200 });
    expect(config.webchat).toMatchObject({ maxActivities: 500, maxStreams: 10 });
    expect(config.metricsToken).toBeUndefined();
  });

  it('reads hop counts and proxy address lists, and 0 as "no limit"', () => {
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::/8' }).trustProxy).toEqual(['loopback', '10.0.0.0/8', 'fd00::/8']);
    expect(loadConfig({ RATE_LIMIT_CHAT: '0', RATE_LIMIT_WINDOW_SECONDS: '10' }).rateLimits).toMatchObject({ chat: 0, windowMs: 10_000 });
  });

  it('refuses a proxy setting that would let any client pick its address, and bad numbers', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: 'beef,10.0.0.0/8' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ RATE_LIMIT_PAGES: '-1', WEBCHAT_MAX_ACTIVITIES: '5', METRICS_TOKEN: 'short' })).toThrow(/RATE_LIMIT_PAGES[\s\S]*WEBCHAT_MAX_ACTIVITIES[\s\S]*METRICS_TOKEN/);
  });
});
