import { createHash } from 'node:crypto';
import { EncryptJWT, errors, jwtDecrypt, type JWTPayload } from 'jose';

/**
 * A small value kept by the browser for a few minutes, encrypted and authenticated (a JWE,
 * dir + A256GCM, under a key derived from TOKEN_SIGNING_KEY and the cookie's purpose). Any
 * instance with the same key can open it, so a sign-in started on one instance may finish on
 * another, with nothing kept in process memory or the store. Encrypted rather than only
 * signed: the OpenID Connect transaction carries the PKCE verifier, and the hand-off carries a
 * session token, neither of which belongs in readable cookies.
 */
export class SealedCookie<T extends JWTPayload> {
  private readonly key: Uint8Array;

  constructor(
    signingKey: string,
    private readonly purpose: string,
    private readonly ttlSeconds: number,
    private readonly now: () => number,
  ) {
    this.key = createHash('sha256').update(`sealed-cookie:${purpose}:${signingKey}`).digest();
  }

  get maxAgeMs(): number {
    return this.ttlSeconds * 1000;
  }

  seal(value: T): Promise<string> {
    const iat = Math.floor(this.now() / 1000);
    return new EncryptJWT(value)
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setAudience(this.purpose)
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.ttlSeconds)
      .encrypt(this.key);
  }

  /** Undefined when missing, tampered with, sealed for another purpose or expired. */
  async open(sealed: string | undefined): Promise<T | undefined> {
    if (!sealed || sealed.length > 8192) return undefined;
    try {
      const { payload } = await jwtDecrypt(sealed, this.key, {
        audience: this.purpose,
        keyManagementAlgorithms: ['dir'],
        contentEncryptionAlgorithms: ['A256GCM'],
        currentDate: new Date(this.now()),
      });
      return payload as T;
    } catch (err) {
      if (err instanceof errors.JOSEError) return undefined;
      throw err;
    }
  }
}

/** One cookie's value from a Cookie header (no cookie-parser for two cookies). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}
