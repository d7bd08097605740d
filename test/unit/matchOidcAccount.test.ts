import { describe, expect, it } from 'vitest';
import type { StaffAccount } from '../../src/core/ports.js';
import { matchOidcAccount } from '../../src/core/staff/matchOidcAccount.js';

const account = (name: string, email: string | undefined, more: Partial<StaffAccount> = {}): StaffAccount => ({
  name,
  role: 'agent',
  ...(email ? { email } : {}),
  disabled: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...more,
});

const ana = account('ana', 'ana@example.com', { role: 'admin' });
const off = account('off', 'off@example.com', { disabled: true });
const twinA = account('twin-a', 'twin@example.com');
const twinB = account('twin-b', 'twin@example.com');
const oldOff = account('old', 'moved@example.com', { disabled: true });
const moved = account('moved', 'moved@example.com', { role: 'viewer' });
const accounts = [ana, off, twinA, twinB, oldOff, moved, account('nomail', undefined)];

describe('matchOidcAccount', () => {
  it.each([
    ['the one account with the email, in any case', { email: 'ANA@Example.com', email_verified: true }, { kind: 'account', account: ana }],
    ['a provider that sends no email_verified (Azure AD) is taken at its word', { email: 'ana@example.com' }, { kind: 'account', account: ana }],
    ['email_verified as the string "true" (Cognito)', { email: 'ana@example.com', email_verified: 'true' }, { kind: 'account', account: ana }],
    ['the enabled one when a disabled account kept the same email', { email: 'moved@example.com', email_verified: true }, { kind: 'account', account: moved }],
    ['spaces around the email', { email: '  ana@example.com ', email_verified: true }, { kind: 'account', account: ana }],
    ['no email', { email_verified: true }, { kind: 'refused', code: 'OIDC_NO_EMAIL' }],
    ['an email that is not a string', { email: ['ana@example.com'] }, { kind: 'refused', code: 'OIDC_NO_EMAIL' }],
    ['something that is not an email', { email: 'ana' }, { kind: 'refused', code: 'OIDC_NO_EMAIL' }],
    ['email_verified false', { email: 'ana@example.com', email_verified: false }, { kind: 'refused', code: 'OIDC_EMAIL_NOT_VERIFIED' }],
    ['email_verified "false"', { email: 'ana@example.com', email_verified: 'false' }, { kind: 'refused', code: 'OIDC_EMAIL_NOT_VERIFIED' }],
    ['email_verified null', { email: 'ana@example.com', email_verified: null }, { kind: 'refused', code: 'OIDC_EMAIL_NOT_VERIFIED' }],
    ['an email nobody has', { email: 'who@example.com', email_verified: true }, { kind: 'refused', code: 'OIDC_NO_ACCOUNT' }],
    ['only a disabled account has it', { email: 'off@example.com', email_verified: true }, { kind: 'refused', code: 'OIDC_ACCOUNT_DISABLED' }],
    ['two enabled accounts have it', { email: 'twin@example.com', email_verified: true }, { kind: 'refused', code: 'OIDC_AMBIGUOUS' }],
  ])('%s', (_why, claims, expected) => {
    expect(matchOidcAccount(claims, accounts, undefined)).toEqual(expected);
  });

  it('auto-creation makes an account only for an email nobody has, never for a disabled one, with a valid name', () => {
    expect(matchOidcAccount({ email: 'New.One+x@Example.com', email_verified: true, name: ' New One ' }, accounts, 'agent')).toEqual({
      kind: 'create',
      name: 'new.one-x@example.com',
      email: 'new.one+x@example.com',
      role: 'agent',
      displayName: 'New One',
    });
    expect(matchOidcAccount({ email: 'who@example.com' }, accounts, 'viewer')).toEqual({ kind: 'create', name: 'who@example.com', email: 'who@example.com', role: 'viewer' });
    expect(matchOidcAccount({ email: 'off@example.com', email_verified: true }, accounts, 'agent')).toEqual({ kind: 'refused', code: 'OIDC_ACCOUNT_DISABLED' });
    expect(matchOidcAccount({ email: 'who@example.com', email_verified: false }, accounts, 'agent')).toEqual({ kind: 'refused', code: 'OIDC_EMAIL_NOT_VERIFIED' });
    expect(matchOidcAccount({ email: 'ana@example.com' }, accounts, 'viewer')).toEqual({ kind: 'account', account: ana });
  });
});
