import type { AlertQueue, CaseAlert, Clock } from '../../core/ports.js';

/** How long a taken alert may stay unacknowledged before it is handed out again. */
const REDELIVER_AFTER_MS = 60_000;

/** One process reads it, so "exactly one consumer" holds trivially; an alert taken and not
 * acknowledged (the Slack call failed) comes back after a minute, as with the Redis stream. */
export class MemoryAlertQueue implements AlertQueue {
  private readonly entries = new Map<string, { alert: CaseAlert; takenAt?: number }>();
  private seq = 0;

  constructor(private readonly clock: Clock) {}

  async push(alert: CaseAlert): Promise<void> {
    this.entries.set(String(++this.seq), { alert });
  }

  async take(_consumer: string, count: number): Promise<{ id: string; alert: CaseAlert }[]> {
    const now = this.clock.now();
    const out: { id: string; alert: CaseAlert }[] = [];
    for (const [id, entry] of this.entries) {
      if (out.length >= count) break;
      if (entry.takenAt !== undefined && now - entry.takenAt < REDELIVER_AFTER_MS) continue;
      entry.takenAt = now;
      out.push({ id, alert: entry.alert });
    }
    return out;
  }

  async ack(id: string): Promise<void> {
    this.entries.delete(id);
  }

  async forget(caseId: string): Promise<void> {
    for (const [id, entry] of this.entries) if (entry.alert.caseId === caseId) this.entries.delete(id);
  }
}
