import { describe, expect, it } from 'vitest';
import { readSignInReturn, refusalKey, returnPath, withoutSignInParams } from '../../../web/staff/oidcReturn.js';

describe('coming back from the OpenID Connect provider', () => {
  it.each([
    ['', null],
    ['?x=1', null],
    ['?signin=oidc', { kind: 'signedIn' }],
    ['?signin=other', null],
    ['?signin_error=OIDC_NO_ACCOUNT', { kind: 'refused', code: 'OIDC_NO_ACCOUNT' }],
    ['?signin_error=OIDC_PROVIDER_UNAVAILABLE&signin=oidc', { kind: 'refused', code: 'OIDC_PROVIDER_UNAVAILABLE' }],
    ['?signin_error=<script>', { kind: 'refused', code: 'OTHER' }],
    ['?signin_error=toString', { kind: 'refused', code: 'OTHER' }],
  ])('reads %j', (search, expected) => {
    expect(readSignInReturn(search)).toEqual(expected);
  });

  it('names a sentence for every code, and a general one for the rest', () => {
    expect(refusalKey('OIDC_STATE')).toBe('signin.oidc.error.OIDC_STATE');
    expect(refusalKey('SOMETHING_NEW')).toBe('signin.oidc.error.OTHER');
  });

  it('drops only its own parameters', () => {
    expect(withoutSignInParams('?signin=oidc')).toBe('');
    expect(withoutSignInParams('?signin_error=OIDC_STATE&x=1')).toBe('?x=1');
  });

  it.each([
    ['/staff/console#case=c-1', '/staff/console#case=c-1'],
    ['/staff/surveys', '/staff/surveys'],
    ['/staff', '/staff'],
    ['/staff/nowhere', null],
    ['https://evil.example/staff', null],
    ['//evil.example/staff', null],
    ['/staffing', null],
    [null, null],
  ])('lands on %j as %j', (saved, expected) => {
    expect(returnPath(saved)).toBe(expected);
  });
});
