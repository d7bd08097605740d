import type { EscalationCase } from '../cases.js';

export type SweepStep = 'expire' | 'queue-alert' | 'miss-deadline';

export interface SweepPolicy {
  /** An open case this old expires. */
  expireAfterMs: number;
  /** A new case whose alert was not queued this long after it was opened gets it queued again. */
  alertRepairMs: number;
}

/**
 * What one pass of the SLA clock does to a case at `now` (ms), in order: an open case open too
 * long expires (and nothing else); otherwise its alert is queued again if it never was (a
 * crash), and a passed deadline is missed. Claimed and closed cases are left alone.
 */
export function sweepSteps(c: Pick<EscalationCase, 'status' | 'createdAt' | 'alertQueued' | 'slaDeadline'>, now: number, policy: SweepPolicy): SweepStep[] {
  if (c.status !== 'open') return [];
  const age = now - Date.parse(c.createdAt);
  if (age >= policy.expireAfterMs) return ['expire'];
  const steps: SweepStep[] = [];
  if (!c.alertQueued && age >= policy.alertRepairMs) steps.push('queue-alert');
  if (Date.parse(c.slaDeadline) <= now) steps.push('miss-deadline');
  return steps;
}
