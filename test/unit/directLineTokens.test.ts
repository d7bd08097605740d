import type * as Jose from 'jose';
import { describe, expect, it, vi } from 'vitest';

const jose = vi.hoisted(() => ({ verifies: 0 }));
vi.mock('jose', async (importOriginal) => {
  const original = await importOriginal<typeof Jose>();
  return {
    ...original,
    jwtVerify: (...args: Parameters<typeof original.jwtVerify>) => {
      jose.verifies++;
      return original.jwtVerify(...args);
    },
  };
});

const { DirectLineTokens } = await import('../../src/channels/directline/DirectLineTokens.js');

const KEY = 'test-signing-key-0123456789-0123456789';

describe('DirectLineTokens', () => {
  it('checks a token’s signature once while it lives, then only its expiry; one it issued itself, never', async () => {
    let now = Date.UTC(2026, 0, 1);
    const tokens = new DirectLineTokens(KEY, 60, () => now);
    const issuer = new DirectLineTokens(KEY, 60, () => now);
    const { token } = await issuer.issue({ conversationId: 'c1', userId: 'u1' });
    jose.verifies = 0;
    for (let i = 0; i < 5; i++) expect(await tokens.verify(token)).toMatchObject({ ok: true, claims: { conversationId: 'c1', userId: 'u1' } });
    expect(jose.verifies).toBe(1);
    expect(await issuer.verify(token)).toMatchObject({ ok: true, claims: { conversationId: 'c1', userId: 'u1' } });
    expect(jose.verifies).toBe(1);
    now += 59_999;
    expect((await issuer.verify(token)).ok).toBe(true);
    now -= 59_999;
    now += 59_999;
    expect((await tokens.verify(token)).ok).toBe(true);
    now += 1;
    expect(await tokens.verify(token)).toEqual({ ok: false, reason: 'expired' });
    expect(await tokens.verify(token)).toEqual({ ok: false, reason: 'expired' });
    expect(await issuer.verify(token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('always checks a token that did not verify: altered, signed with another key, or for another conversation', async () => {
    const now = Date.UTC(2026, 0, 1);
    const tokens = new DirectLineTokens(KEY, 60, () => now);
    const other = new DirectLineTokens('another-signing-key-0123456789-0123456', 60, () => now);
    const { token } = await tokens.issue({ conversationId: 'c1', userId: 'u1' });
    expect((await tokens.verify(token)).ok).toBe(true);
    const [header, payload, signature] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), cid: 'c2' })).toString('base64url');
    jose.verifies = 0;
    expect(await tokens.verify(`${header}.${forgedPayload}.${signature}`)).toEqual({ ok: false, reason: 'invalid' });
    expect(await tokens.verify(`${header}.${forgedPayload}.${signature}`)).toEqual({ ok: false, reason: 'invalid' });
    expect(await tokens.verify((await other.issue({ conversationId: 'c1', userId: 'u1' })).token)).toEqual({ ok: false, reason: 'invalid' });
    expect(jose.verifies).toBe(3);
  });

  it('hands out its own copy of the claims', async () => {
    const tokens = new DirectLineTokens(KEY, 60, () => Date.UTC(2026, 0, 1));
    const { token } = await tokens.issue({ conversationId: 'c1', userId: 'u1' });
    const first = await tokens.verify(token);
    if (first.ok) first.claims.conversationId = 'changed';
    expect(await tokens.verify(token)).toMatchObject({ ok: true, claims: { conversationId: 'c1' } });
  });
});

describe('DirectLineTokens signing', () => {
  it('issues standard HS256 JWTs that jose verifies with the signing key, with the claims and expiry', async () => {
    const original = await vi.importActual<typeof Jose>('jose');
    const now = Date.UTC(2026, 0, 1);
    const { token, expiresIn } = await new DirectLineTokens(KEY, 60, () => now).issue({ conversationId: 'c1', userId: 'u1' });
    const { payload, protectedHeader } = await original.jwtVerify(token, new TextEncoder().encode(KEY), { audience: 'satisfy:directline', algorithms: ['HS256'], currentDate: new Date(now) });
    expect(protectedHeader).toEqual({ alg: 'HS256' });
    expect(payload).toEqual({ cid: 'c1', uid: 'u1', aud: 'satisfy:directline', iat: now / 1000, exp: now / 1000 + 60 });
    expect(expiresIn).toBe(60);
    await expect(original.jwtVerify(token, new TextEncoder().encode('another-signing-key-0123456789-0123456'))).rejects.toThrow();
  });
});
