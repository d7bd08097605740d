import { createHash } from 'node:crypto';

/** How the audit names a customer: the SHA-256 of their id, so the log shows an erasure
 * happened (hash the id to look it up) without keeping the id it erased. */
export function customerDigest(customerId: string): string {
  return createHash('sha256').update(customerId, 'utf8').digest('hex');
}
