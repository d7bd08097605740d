import { createHash } from 'node:crypto';
import type { SignInFailures } from '../core/ports.js';
import { SatisfyError } from '../errors.js';

/** The throttle's numbers (docs/operations/staff-sign-in.md). */
export const SIGN_IN_LIMITS = {
  /** Wrong passwords for one name from one address before any delay. */
  freeFailures: 5,
  /** The delay after the first failure past the free ones, doubling with each further one. */
  firstDelayMs: 1000,
  maxDelayMs: 15 * 60_000,
  /** Wrong passwords from one address, across all names, before that address must wait. */
  addressBudget: 30,
  /** A record is forgotten this long after its latest failure. */
  memoryMs: 15 * 60_000,
};

/** A sign-in refused for now, with how long to wait (for Retry-After). */
export class SignInThrottled extends SatisfyError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('TOO_MANY_ATTEMPTS', message);
  }
}

/**
 * Slows password guessing without letting anyone lock a real user out. Failures count per
 * (exact name, client address) pair, and after a few each further attempt from that pair must
 * wait longer (1 s, 2 s, 4 s ... up to 15 minutes); someone guessing from elsewhere never
 * touches the real user's own pair. Failures also count per address across all names, so
 * trying one password on many names from one address is capped. Refused attempts are not
 * counted and cost no bcrypt.
 */
export class SignInThrottle {
  constructor(
    private readonly failures: SignInFailures,
    private readonly now: () => number,
    private readonly limits = SIGN_IN_LIMITS,
  ) {}

  /** Throws SignInThrottled when this attempt must wait. */
  async check(name: string, address: string): Promise<void> {
    const [pair, from] = await Promise.all([this.failures.get(pairKey(name, address)), this.failures.get(addressKey(address))]);
    const now = this.now();
    if (from && from.count >= this.limits.addressBudget) {
      throw new SignInThrottled('Too many failed sign-ins from this address; try again later.', seconds(from.last + this.limits.memoryMs - now));
    }
    if (pair && pair.count >= this.limits.freeFailures) {
      const wait = Math.min(this.limits.maxDelayMs, this.limits.firstDelayMs * 2 ** Math.min(30, pair.count - this.limits.freeFailures));
      if (now < pair.last + wait) throw new SignInThrottled('Too many failed sign-ins for this user from here; wait a moment and try again.', seconds(pair.last + wait - now));
    }
  }

  async failed(name: string, address: string): Promise<void> {
    const at = this.now();
    await Promise.all([this.failures.add(pairKey(name, address), at, this.limits.memoryMs), this.failures.add(addressKey(address), at, this.limits.memoryMs)]);
  }

  /** The pair starts afresh; the address keeps its count (a success does not buy more guesses
   * on other names). */
  async succeeded(name: string, address: string): Promise<void> {
    await this.failures.clear(pairKey(name, address));
  }
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** Hashed: names and addresses may hold any character, keys should not. */
function pairKey(name: string, address: string): string {
  return `pair:${createHash('sha256').update(`${address}\n${name}`).digest('base64url')}`;
}

function addressKey(address: string): string {
  return `addr:${createHash('sha256').update(address).digest('base64url')}`;
}
