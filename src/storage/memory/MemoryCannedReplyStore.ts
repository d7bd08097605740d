import type { CannedReplyStore, StoredCannedReply } from '../../core/ports.js';

export class MemoryCannedReplyStore implements CannedReplyStore {
  private readonly replies = new Map<string, StoredCannedReply>();

  async list(): Promise<StoredCannedReply[]> {
    return [...this.replies.values()].map((r) => structuredClone(r));
  }

  async put(reply: Omit<StoredCannedReply, 'version'>, expected: number): Promise<{ ok: true; reply: StoredCannedReply } | { ok: false; version: number }> {
    const version = this.replies.get(reply.id)?.version ?? 0;
    if (version !== expected) return { ok: false, version };
    const stored: StoredCannedReply = { ...structuredClone(reply), version: version + 1 };
    // A Map keeps the first insertion's place: an entry stays where it was first stored.
    this.replies.set(reply.id, stored);
    return { ok: true, reply: structuredClone(stored) };
  }

  async remove(id: string): Promise<boolean> {
    return this.replies.delete(id);
  }
}
