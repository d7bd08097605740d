import type { ApiKeyRecord, ApiKeyStore } from '../../core/ports.js';

export class MemoryApiKeyStore implements ApiKeyStore {
  private readonly keys = new Map<string, ApiKeyRecord>();

  async create(key: ApiKeyRecord): Promise<void> {
    this.keys.set(key.id, { ...key });
  }

  async get(id: string): Promise<ApiKeyRecord | undefined> {
    const key = this.keys.get(id);
    return key && { ...key };
  }

  async list(): Promise<ApiKeyRecord[]> {
    return [...this.keys.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((k) => ({ ...k }));
  }

  async revoke(id: string, at: string): Promise<boolean> {
    const key = this.keys.get(id);
    if (!key || key.revokedAt) return false;
    key.revokedAt = at;
    return true;
  }

  async touch(id: string, at: string): Promise<void> {
    const key = this.keys.get(id);
    if (key) key.lastUsedAt = at;
  }
}
