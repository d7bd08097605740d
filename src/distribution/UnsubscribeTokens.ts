import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';

const AUDIENCE = 'satisfy:unsubscribe';

/** What an unsubscribe link carries: whose it is, and the language of the page it opens. */
const Claims = z.object({
  cid: z.string().min(1).max(256),
  loc: z.string().max(35).optional(),
});

export interface Unsubscriber {
  customerId: string;
  /** The language of the email the link came in, for the page. */
  locale?: string;
}

export type UnsubscribeCheck = { ok: true; unsubscriber: Unsubscriber } | { ok: false };

/**
 * Signed unsubscribe tokens (HS256 JWT via jose, their own audience, so an invitation or a chat
 * token is never taken for one). They do not expire: the law and the mailbox providers expect an
 * unsubscribe link to keep working for as long as the email can be read.
 */
export class UnsubscribeTokens {
  private readonly key: Uint8Array;

  constructor(signingKey: string) {
    this.key = new TextEncoder().encode(signingKey);
  }

  async create(unsubscriber: Unsubscriber): Promise<string> {
    const claims = Claims.parse({ cid: unsubscriber.customerId, ...(unsubscriber.locale ? { loc: unsubscriber.locale } : {}) });
    return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setAudience(AUDIENCE).sign(this.key);
  }

  async verify(token: string): Promise<UnsubscribeCheck> {
    if (token.length > 2048 || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) return { ok: false };
    try {
      const { payload } = await jwtVerify(token, this.key, { audience: AUDIENCE, algorithms: ['HS256'] });
      const parsed = Claims.safeParse(payload);
      if (!parsed.success) return { ok: false };
      return { ok: true, unsubscriber: { customerId: parsed.data.cid, ...(parsed.data.loc ? { locale: parsed.data.loc } : {}) } };
    } catch {
      return { ok: false };
    }
  }
}
