import { errors, jwtVerify, SignJWT } from 'jose';

export interface TokenClaims {
  conversationId: string;
  userId: string;
}

export type TokenCheck = { ok: true; claims: TokenClaims; expiresAt: number } | { ok: false; reason: 'invalid' | 'expired' };

const AUDIENCE = 'satisfy:directline';

/**
 * Direct Line tokens: HS256 JWTs (jose) bound to one conversation and one user, with an
 * expiry. Signed with TOKEN_SIGNING_KEY, so every instance that shares the key accepts them.
 */
export class DirectLineTokens {
  private readonly key: Uint8Array;

  constructor(
    signingKey: string,
    readonly ttlSeconds: number,
    private readonly now: () => number,
  ) {
    this.key = new TextEncoder().encode(signingKey);
  }

  async issue(claims: TokenClaims): Promise<{ token: string; expiresIn: number }> {
    const iat = Math.floor(this.now() / 1000);
    const token = await new SignJWT({ cid: claims.conversationId, uid: claims.userId })
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience(AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.ttlSeconds)
      .sign(this.key);
    return { token, expiresIn: this.ttlSeconds };
  }

  async verify(token: string): Promise<TokenCheck> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        audience: AUDIENCE,
        algorithms: ['HS256'],
        currentDate: new Date(this.now()),
      });
      if (typeof payload.cid !== 'string' || typeof payload.uid !== 'string' || typeof payload.exp !== 'number') return { ok: false, reason: 'invalid' };
      return { ok: true, claims: { conversationId: payload.cid, userId: payload.uid }, expiresAt: payload.exp * 1000 };
    } catch (err) {
      return { ok: false, reason: err instanceof errors.JWTExpired ? 'expired' : 'invalid' };
    }
  }
}
