import { randomBytes } from 'node:crypto';

/**
 * 128 random bits as 22 base64url characters: as hard to guess as a UUID (122 random bits) in 14
 * fewer bytes, which every Redis key, index entry, customer reference and state naming a response
 * repeats (bench/README.md, Redis per turn and per survey).
 */
export function shortId(): string {
  return randomBytes(16).toString('base64url');
}
