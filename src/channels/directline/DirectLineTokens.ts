import { createHmac } from 'node:crypto';
import { errors, jwtVerify } from 'jose';

export interface TokenClaims {
  conversationId: string;
  userId: string;
}

export type TokenCheck = { ok: true; claims: TokenClaims; expiresAt: number } | { ok: false; reason: 'invalid' | 'expired' };

const AUDIENCE = 'satisfy:directline';
/** base64url of {"alg":"HS256"}, the header jose wrote for these tokens. */
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256' })).toString('base64url');
/** Tokens whose signature was checked, kept while they live; about 200 bytes each. */
const VERIFIED_MAX = 20_000;

/**
 * Direct Line tokens: HS256 JWTs (jose) bound to one conversation and one user, with an
 * expiry. Signed with TOKEN_SIGNING_KEY, so every instance that shares the key accepts them.
 */
export class DirectLineTokens {
  private readonly key: Uint8Array;
  private readonly signingKey: string;
  /** A chat sends its token with every post and stream: its signature (HMAC and JSON parsing,
   * some 5% of a web chat turn's CPU) is checked once, then only its expiry. Only tokens that
   * verified are kept, by their exact text, so a forged or altered one is always checked. */
  private readonly verified = new Map<string, { claims: TokenClaims; expiresAt: number }>();

  constructor(
    signingKey: string,
    readonly ttlSeconds: number,
    private readonly now: () => number,
  ) {
    this.signingKey = signingKey;
    this.key = new TextEncoder().encode(signingKey);
  }

  async issue(claims: TokenClaims): Promise<{ token: string; expiresIn: number }> {
    const iat = Math.floor(this.now() / 1000);
    // An HS256 JWT with the claims jose wrote (cid, uid, aud, iat, exp), signed with node's HMAC
    // at once: jose's SignJWT went through WebCrypto (a key import and a promise per token),
    // some 1% of a web chat turn's CPU with one token per session. jose still verifies them.
    const payload = Buffer.from(JSON.stringify({ cid: claims.conversationId, uid: claims.userId, aud: AUDIENCE, iat, exp: iat + this.ttlSeconds })).toString('base64url');
    const signature = createHmac('sha256', this.signingKey).update(`${HEADER}.${payload}`).digest('base64url');
    const token = `${HEADER}.${payload}.${signature}`;
    // Signed here a moment ago: the chat's stream and posts need not check it again here.
    this.remember(token, { ...claims }, (iat + this.ttlSeconds) * 1000);
    return { token, expiresIn: this.ttlSeconds };
  }

  private remember(token: string, claims: TokenClaims, expiresAt: number): void {
    // The oldest first: Map keeps insertion order.
    if (this.verified.size >= VERIFIED_MAX) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { claims, expiresAt });
  }

  async verify(token: string): Promise<TokenCheck> {
    const known = this.verified.get(token);
    if (known) {
      if (this.now() < known.expiresAt) return { ok: true, claims: { ...known.claims }, expiresAt: known.expiresAt };
      this.verified.delete(token);
      return { ok: false, reason: 'expired' };
    }
    try {
      const { payload } = await jwtVerify(token, this.key, {
        audience: AUDIENCE,
        algorithms: ['HS256'],
        currentDate: new Date(this.now()),
      });
      if (typeof payload.cid !== 'string' || typeof payload.uid !== 'string' || typeof payload.exp !== 'number') return { ok: false, reason: 'invalid' };
      const claims = { conversationId: payload.cid, userId: payload.uid };
      const expiresAt = payload.exp * 1000;
      this.remember(token, claims, expiresAt);
      return { ok: true, claims: { ...claims }, expiresAt };
    } catch (err) {
      return { ok: false, reason: err instanceof errors.JWTExpired ? 'expired' : 'invalid' };
    }
  }
}
