import { Gauge, type Registry } from 'prom-client';
import type { JobQueue } from '../scheduler/JobQueue.js';

/**
 * `satisfy_jobs{state="waiting"|"running"|"dead"}`, read from the queue at each scrape (the
 * queue is shared by every instance, so each reports the same figures). A scrape while the
 * store is away keeps the last figures rather than failing /metrics.
 */
export function registerJobGauges(registry: Registry, jobs: JobQueue): void {
  new Gauge({
    name: 'satisfy_jobs',
    help: 'Scheduled jobs by state: waiting (not yet due or due), running (leased to an instance), dead (given up)',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      try {
        const counts = await jobs.counts();
        for (const state of ['waiting', 'running', 'dead'] as const) this.set({ state }, counts[state]);
      } catch {
        // Store away: /readyz and satisfy_store_errors_total say so.
      }
    },
  });
}
