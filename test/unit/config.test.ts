import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('has laptop defaults: port 3978, English, the sample survey, no credentials', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3978, defaultLocale: 'en', defaultSurveyId: 'post-purchase', adminToken: undefined, logLevel: 'info', logFormat: 'auto' });
    expect(c.botFramework).toEqual({ appId: undefined, appPassword: undefined, tenantId: undefined, appType: 'MultiTenant', allowedServiceUrls: [] });
    expect(c.dialogsDir).toMatch(/dialogs$/);
    expect(c.accessLog).toEqual({ turnSampleEvery: 100, slowMs: 1000 });
  });

  it('reads the access log sampling of customer turns, 1 or more', () => {
    expect(loadConfig({ ACCESS_LOG_TURN_SAMPLE: '1', ACCESS_LOG_SLOW_MS: '250' }).accessLog).toEqual({ turnSampleEvery: 1, slowMs: 250 });
    expect(() => loadConfig({ ACCESS_LOG_TURN_SAMPLE: '0' })).toThrow(/ACCESS_LOG_TURN_SAMPLE/);
  });

  it('carries request ids through everything a request runs unless LOG_REQUEST_CONTEXT=off', () => {
    expect(loadConfig({}).logRequestContext).toBe(true);
    expect(loadConfig({ LOG_REQUEST_CONTEXT: 'off' }).logRequestContext).toBe(false);
    expect(() => loadConfig({ LOG_REQUEST_CONTEXT: 'no' })).toThrow(/LOG_REQUEST_CONTEXT/);
  });

  it('reads every variable', () => {
    const c = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'json',
      DEFAULT_LOCALE: 'zh-CN',
      DEFAULT_SURVEY: 'onboarding',
      ADMIN_TOKEN: '  0123456789abcdef  ',
      MICROSOFT_APP_ID: 'app',
      MICROSOFT_APP_PASSWORD: 'secret',
      MICROSOFT_APP_TENANT_ID: 'tenant',
      MICROSOFT_APP_TYPE: 'SingleTenant',
      ALLOWED_SERVICE_URLS: 'https://a.example/, https://b.example/bot',
    });
    expect(c).toMatchObject({ port: 8080, host: '127.0.0.1', logLevel: 'debug', logFormat: 'json', defaultLocale: 'zh-CN', defaultSurveyId: 'onboarding', adminToken: '0123456789abcdef' });
    expect(c.botFramework).toEqual({ appId: 'app', appPassword: 'secret', tenantId: 'tenant', appType: 'SingleTenant', allowedServiceUrls: ['https://a.example/', 'https://b.example/bot'] });
  });

  it('chooses the store: memory by default, Redis with REDIS_URL, a Cluster with REDIS_CLUSTER_NODES', () => {
    expect(loadConfig({}).redis).toBeUndefined();
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).redis).toEqual({ url: 'redis://127.0.0.1:6379', prefix: 'satisfy:', connectTimeoutMs: 5000 });
    expect(loadConfig({ REDIS_CLUSTER_NODES: 'redis://a:7000, redis://b:7001', REDIS_PREFIX: 'shop1:' }).redis).toEqual({
      clusterNodes: ['redis://a:7000', 'redis://b:7001'],
      prefix: 'shop1:',
      connectTimeoutMs: 5000,
    });
    expect(loadConfig({ RESPONSE_RETENTION_DAYS: '30' }).responseRetentionMs).toBe(30 * 86_400_000);
    expect(() => loadConfig({ REDIS_URL: 'localhost:6379', REDIS_PREFIX: 'bad prefix' })).toThrow(/REDIS_URL: must be a redis:\/\/.*\n.*REDIS_PREFIX/s);
    expect(() => loadConfig({ REDIS_URL: 'redis://a:1', REDIS_CLUSTER_NODES: 'redis://b:2' })).toThrow(/set one/);
  });

  it('turns Slack on with a bot token and a signing secret (HTTP) or an app token (Socket Mode)', () => {
    expect(loadConfig({}).slack).toBeUndefined();
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abcdefgh' }).slack).toEqual({ botToken: 'xoxb-1', signingSecret: 'abcdefgh' });
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_API_URL: 'http://127.0.0.1:9/api' }).slack).toEqual({ botToken: 'xoxb-1', appToken: 'xapp-1', apiUrl: 'http://127.0.0.1:9/api/' });
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET: required/);
    expect(() => loadConfig({ SLACK_SIGNING_SECRET: 'abcdefgh' })).toThrow(/SLACK_BOT_TOKEN: required/);
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxp-user' })).toThrow(/SLACK_BOT_TOKEN: must be a bot token/);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ ADMIN_TOKEN: '', MICROSOFT_APP_ID: ' ', MICROSOFT_APP_PASSWORD: '' })).toMatchObject({ adminToken: undefined });
  });

  it('lists every bad variable in one message', () => {
    expect(() => loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', LOG_FORMAT: 'colourful', ADMIN_TOKEN: 'short', DEFAULT_LOCALE: 'English' })).toThrow(
      /Invalid configuration:\n {2}PORT: .*\n {2}LOG_LEVEL: .*\n {2}LOG_FORMAT: .*"auto"\|"pretty"\|"json".*\n {2}DEFAULT_LOCALE: .*\n {2}ADMIN_TOKEN: must be at least 16 characters/s,
    );
  });

  it('refuses half a set of Bot Framework credentials', () => {
    expect(() => loadConfig({ MICROSOFT_APP_ID: 'app' })).toThrow(/MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD: set both/);
    expect(() => loadConfig({ MICROSOFT_APP_ID: 'a', MICROSOFT_APP_PASSWORD: 'b', MICROSOFT_APP_TYPE: 'SingleTenant' })).toThrow(/MICROSOFT_APP_TENANT_ID/);
    expect(() => loadConfig({ MICROSOFT_APP_TYPE: 'UserAssignedMSI' })).toThrow(/TENANT_ID: required .*\n.*MICROSOFT_APP_ID: required/s);
    expect(() => loadConfig({ ALLOWED_SERVICE_URLS: 'https://ok.example, not a url' })).toThrow(/ALLOWED_SERVICE_URLS/);
  });
});
