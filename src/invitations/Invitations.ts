import { errors, jwtVerify, SignJWT } from 'jose';
import type { z } from 'zod';
import { SurveyStartValue } from '../bot/startOptions.js';

export type Invitation = z.infer<typeof Invitation>;
const Invitation = SurveyStartValue.required({ surveyId: true });

/** `invitationId`: the stored invitation the link was sent for (distribution), if any. */
export type InvitationCheck = { ok: true; invitation: Invitation; invitationId?: string } | { ok: false; reason: 'invalid' | 'expired' };

const AUDIENCE = 'satisfy:invite';

/**
 * Survey invitations: signed tokens (HS256 JWT via jose) carrying the survey, locale, customer
 * and order, so the link a customer gets starts the survey with that context and cannot be
 * altered to another order or survey.
 */
export class Invitations {
  private readonly key: Uint8Array;

  constructor(
    signingKey: string,
    private readonly now: () => number,
  ) {
    this.key = new TextEncoder().encode(signingKey);
  }

  async create(invitation: Invitation, ttlMs: number): Promise<string> {
    return (await this.issue(invitation, ttlMs)).token;
  }

  /** The token and the moment it stops opening (whole seconds, as the token carries it). */
  async issue(invitation: Invitation, ttlMs: number, invitationId?: string): Promise<{ token: string; expiresAt: Date }> {
    const parsed = Invitation.parse(invitation);
    const iat = Math.floor(this.now() / 1000);
    const exp = iat + Math.floor(ttlMs / 1000);
    const token = await new SignJWT({ inv: parsed, ...(invitationId ? { iid: invitationId } : {}) }).setProtectedHeader({ alg: 'HS256' }).setAudience(AUDIENCE).setIssuedAt(iat).setExpirationTime(exp).sign(this.key);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  async verify(token: string): Promise<InvitationCheck> {
    try {
      const { payload } = await jwtVerify(token, this.key, { audience: AUDIENCE, algorithms: ['HS256'], currentDate: new Date(this.now()) });
      const parsed = Invitation.safeParse(payload.inv);
      if (!parsed.success) return { ok: false, reason: 'invalid' };
      return { ok: true, invitation: parsed.data, ...(typeof payload.iid === 'string' ? { invitationId: payload.iid } : {}) };
    } catch (err) {
      return { ok: false, reason: err instanceof errors.JWTExpired ? 'expired' : 'invalid' };
    }
  }
}
