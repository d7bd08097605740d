import { createHmac, timingSafeEqual } from 'node:crypto';

/** How old a signed delivery a receiver accepts by default (seconds). */
export const DEFAULT_TOLERANCE_SEC = 300;

/**
 * The Satisfy-Signature header of a delivery: `t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<raw body>" with the endpoint's secret>`. Signing the time with the body lets a
 * receiver refuse an old delivery replayed by someone who recorded it.
 */
export function signWebhook(secret: string, body: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${hmac(secret, `${unixSeconds}.${body}`)}`;
}

export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: 'malformed' | 'mismatch' | 'too_old' | 'in_future' };

/**
 * For receivers (docs/webhooks.md): checks a Satisfy-Signature header against the raw body
 * exactly as received (before any JSON parsing), the endpoint's secret, and the time. Any v1
 * in the header may match (several appear while a secret is being rotated). `nowMs` defaults
 * to the receiver's clock.
 */
export function verifyWebhookSignature(secret: string, header: string | undefined | null, body: string | Buffer, toleranceSec = DEFAULT_TOLERANCE_SEC, nowMs: number = Date.now()): SignatureCheck {
  if (!header) return { ok: false, reason: 'malformed' };
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [name, value] = part.trim().split('=', 2);
    if (name === 't' && value && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (name === 'v1' && value && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (timestamp === undefined || !signatures.length) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(hmac(secret, `${timestamp}.${typeof body === 'string' ? body : body.toString('utf8')}`), 'hex');
  if (!signatures.some((s) => timingSafeEqual(Buffer.from(s, 'hex'), expected))) return { ok: false, reason: 'mismatch' };
  const age = nowMs / 1000 - timestamp;
  if (age > toleranceSec) return { ok: false, reason: 'too_old' };
  if (age < -toleranceSec) return { ok: false, reason: 'in_future' };
  return { ok: true, timestamp };
}

function hmac(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text, 'utf8').digest('hex');
}
