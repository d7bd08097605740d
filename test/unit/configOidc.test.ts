import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

const BASE = { OIDC_ISSUER: 'https://example.okta.com', OIDC_CLIENT_ID: 'satisfy', OIDC_CLIENT_SECRET: 's3cret' };

describe('loadConfig: OpenID Connect sign-in', () => {
  it('is off by default', () => {
    expect(loadConfig({}).oidc).toBeUndefined();
  });

  it('takes the redirect URL from PUBLIC_URL when not given, and auto-creation is off', () => {
    expect(loadConfig({ ...BASE, PUBLIC_URL: 'https://survey.example.com/' }).oidc).toEqual({
      issuer: 'https://example.okta.com',
      clientId: 'satisfy',
      clientSecret: 's3cret',
      redirectUrl: 'https://survey.example.com/staff/auth/oidc/callback',
      label: undefined,
      autoCreateRole: undefined,
    });
  });

  it('reads every setting; a path prefix before the callback is fine; no secret is a public client', () => {
    const oidc = loadConfig({
      OIDC_ISSUER: 'https://login.microsoftonline.com/tenant-id/v2.0',
      OIDC_CLIENT_ID: 'abc',
      OIDC_REDIRECT_URL: 'https://example.com/sat/staff/auth/oidc/callback',
      OIDC_LABEL: 'Microsoft',
      OIDC_AUTO_CREATE_ROLE: 'agent',
    }).oidc;
    expect(oidc).toMatchObject({ clientSecret: undefined, redirectUrl: 'https://example.com/sat/staff/auth/oidc/callback', label: 'Microsoft', autoCreateRole: 'agent' });
  });

  it.each([
    [{ ...BASE }, /OIDC_REDIRECT_URL: required with OIDC_ISSUER unless PUBLIC_URL/],
    [{ OIDC_ISSUER: 'https://x.example', PUBLIC_URL: 'https://a.example' }, /OIDC_CLIENT_ID: required/],
    [{ OIDC_CLIENT_ID: 'abc' }, /OIDC_ISSUER: required when any other OIDC_\* variable is set/],
    [{ OIDC_AUTO_CREATE_ROLE: 'viewer' }, /OIDC_ISSUER: required/],
    [{ ...BASE, PUBLIC_URL: 'https://a.example', OIDC_AUTO_CREATE_ROLE: 'admin' }, /OIDC_AUTO_CREATE_ROLE: must be off, agent or viewer \(never admin/],
    [{ ...BASE, OIDC_ISSUER: 'http://idp.example.com', PUBLIC_URL: 'https://a.example' }, /OIDC_ISSUER: must be https:/],
    [{ ...BASE, OIDC_REDIRECT_URL: 'http://a.example.com/staff/auth/oidc/callback' }, /OIDC_REDIRECT_URL: must be https:/],
    [{ ...BASE, OIDC_REDIRECT_URL: 'https://a.example.com/callback' }, /OIDC_REDIRECT_URL: must end with \/staff\/auth\/oidc\/callback/],
    [{ ...BASE, OIDC_ISSUER: 'not a url' }, /OIDC_ISSUER: must be the provider's issuer URL/],
    [{ ...BASE, PUBLIC_URL: 'https://a.example', OIDC_LABEL: 'x'.repeat(41) }, /OIDC_LABEL: must be at most 40/],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig(env as Record<string, string>)).toThrow(message);
  });

  it('allows plain http for a provider and a redirect on this machine (development, tests)', () => {
    const oidc = loadConfig({ ...BASE, OIDC_ISSUER: 'http://127.0.0.1:9000', OIDC_REDIRECT_URL: 'http://localhost:3978/staff/auth/oidc/callback' }).oidc;
    expect(oidc?.issuer).toBe('http://127.0.0.1:9000');
  });
});
