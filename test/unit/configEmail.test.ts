import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

describe('email settings', () => {
  it('are off without SMTP_URL and EMAIL_FROM', () => {
    expect(loadConfig({}).email).toBeUndefined();
    expect(loadConfig({}).rateLimits.unsubscribe).toBe(600);
  });

  it('take an SMTP URL, a From, and optionally Reply-To and an unsubscribe mailbox', () => {
    const config = loadConfig({
      SMTP_URL: 'smtps://mailer:p%40ss@smtp.example.com:465',
      EMAIL_FROM: 'Acme Surveys <surveys@acme.example>',
      EMAIL_REPLY_TO: 'help@acme.example',
      EMAIL_UNSUBSCRIBE_MAILTO: 'unsubscribe@acme.example',
      RATE_LIMIT_UNSUBSCRIBE: '50',
    });
    expect(config.email).toEqual({ smtpUrl: 'smtps://mailer:p%40ss@smtp.example.com:465', from: 'Acme Surveys <surveys@acme.example>', replyTo: 'help@acme.example', unsubscribeMailto: 'unsubscribe@acme.example' });
    expect(config.rateLimits.unsubscribe).toBe(50);
  });

  it.each([
    [{ SMTP_URL: 'smtp://smtp.example.com:587' }, 'SMTP_URL and EMAIL_FROM: set both'],
    [{ EMAIL_FROM: 'surveys@acme.example' }, 'SMTP_URL and EMAIL_FROM: set both'],
    [{ SMTP_URL: 'http://smtp.example.com', EMAIL_FROM: 'surveys@acme.example' }, 'SMTP_URL: must be an smtp:// or smtps:// URL'],
    [{ SMTP_URL: 'smtp://smtp.example.com', EMAIL_FROM: 'not an address' }, 'EMAIL_FROM: must be an address'],
    [{ SMTP_URL: 'smtp://smtp.example.com', EMAIL_FROM: 'a@b.example\r\nBcc: x@y.example' }, 'EMAIL_FROM: must be an address'],
    [{ EMAIL_UNSUBSCRIBE_MAILTO: 'u@acme.example' }, 'need SMTP_URL and EMAIL_FROM'],
  ])('refuses %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
