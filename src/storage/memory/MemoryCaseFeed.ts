import type { CaseFeed } from '../../core/ports.js';

export class MemoryCaseFeed implements CaseFeed {
  private readonly listeners = new Set<(caseId: string) => void>();

  async publish(caseId: string): Promise<void> {
    for (const listener of this.listeners) listener(caseId);
  }

  async subscribe(listener: (caseId: string) => void): Promise<() => Promise<void>> {
    this.listeners.add(listener);
    return async () => {
      this.listeners.delete(listener);
    };
  }
}
