import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyRecord, ApiKeyScope, ApiKeyStore } from '../core/ports.js';

const KEY = /^sat_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

const digestOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

/**
 * API keys for shops' backends: `sat_<id>_<secret>`. The secret is 256 random bits, shown once
 * and kept only as its SHA-256 (a slow hash buys nothing for a secret nobody chose), compared
 * in constant time. Last use is recorded at most once a minute per key.
 */
export class ApiKeys {
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly store: ApiKeyStore,
    private readonly now: () => number,
  ) {}

  async create(name: string, scopes: ApiKeyScope[], createdBy: string): Promise<{ record: ApiKeyRecord; key: string }> {
    const id = randomBytes(8).toString('hex').slice(0, 12);
    const secret = randomBytes(32).toString('base64url');
    const record: ApiKeyRecord = { id, name, scopes, digest: digestOf(secret), createdAt: new Date(this.now()).toISOString(), createdBy };
    await this.store.create(record);
    return { record, key: `sat_${id}_${secret}` };
  }

  /** The key's record when `key` is a live key with `scope`; why not otherwise. */
  async verify(key: string, scope: ApiKeyScope): Promise<{ ok: true; record: ApiKeyRecord } | { ok: false; why: 'unknown' | 'revoked' | 'scope' }> {
    const m = KEY.exec(key);
    if (!m) return { ok: false, why: 'unknown' };
    const record = await this.store.get(m[1]!);
    if (!record) return { ok: false, why: 'unknown' };
    const given = Buffer.from(digestOf(m[2]!), 'hex');
    const kept = Buffer.from(record.digest, 'hex');
    if (given.length !== kept.length || !timingSafeEqual(given, kept)) return { ok: false, why: 'unknown' };
    if (record.revokedAt) return { ok: false, why: 'revoked' };
    // Inviting includes reading what was invited.
    if (!record.scopes.includes(scope) && !(scope === 'read' && record.scopes.includes('invite'))) return { ok: false, why: 'scope' };
    const now = this.now();
    if ((this.touched.get(record.id) ?? 0) < now - 60_000) {
      this.touched.set(record.id, now);
      await this.store.touch(record.id, new Date(now).toISOString());
    }
    return { ok: true, record };
  }

  list(): Promise<ApiKeyRecord[]> {
    return this.store.list();
  }

  revoke(id: string): Promise<boolean> {
    return this.store.revoke(id, new Date(this.now()).toISOString());
  }
}

export const isApiKey = (bearer: string) => bearer.startsWith('sat_');
