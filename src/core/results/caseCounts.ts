import type { EscalationCase } from '../cases.js';
import type { AggregateUpdate } from './aggregateEvent.js';
import { utcDay } from './aggregateEvent.js';
import { field } from './fields.js';

/** The steps of a case that the loop figures count. */
export type CaseStep = 'opened' | 'claimed' | 'resolved' | 'expired' | 'recovered';

export interface CaseFacts {
  /** The groups of the case's response: its segments, channel, locale and version. */
  segments: Record<string, string>;
  /** The escalated survey's outcome rating and its scale, when the customer gave one. */
  before?: { value: number; min: number; max: number };
  /** The scale of the recovery survey's rating. */
  afterScale?: { min: number; max: number };
}

/**
 * What one step of a case adds to its survey's results, on the day the step happened (read from
 * the case, so a step counted again after a crash lands on the same day and, by its key
 * `case.<step>`, once). Undefined when the case does not show the step (yet).
 */
export function caseUpdate(c: EscalationCase, step: CaseStep, facts: CaseFacts): AggregateUpdate | undefined {
  const counted = countsOf(c, step, facts);
  if (!counted) return undefined;
  return { surveyId: c.surveyId, day: utcDay(Date.parse(counted.at)), responseId: c.responseId, key: `case.${step}`, segments: { ...facts.segments }, counts: counted.counts };
}

function countsOf(c: EscalationCase, step: CaseStep, facts: CaseFacts): { at: string; counts: Record<string, number> } | undefined {
  const f = field.case;
  switch (step) {
    case 'opened':
      return { at: c.createdAt, counts: { [f.opened]: 1 } };
    case 'claimed': {
      if (!c.claimedAt) return undefined;
      const waited = Math.max(0, Date.parse(c.claimedAt) - Date.parse(c.createdAt));
      // A missed deadline moves the deadline on (and raises the priority): such a claim was late.
      const inSla = c.overdue === 0 && c.claimedAt <= c.slaDeadline;
      return { at: c.claimedAt, counts: { [f.claimed]: 1, [f.claimMs]: waited, ...(inSla ? { [f.claimedInSla]: 1 } : {}) } };
    }
    case 'resolved':
      return c.resolvedAt ? { at: c.resolvedAt, counts: { [f.resolved]: 1 } } : undefined;
    case 'expired':
      return c.status === 'expired' ? { at: c.updatedAt, counts: { [f.expired]: 1 } } : undefined;
    case 'recovered': {
      const r = c.recovery;
      if (!r) return undefined;
      const counts: Record<string, number> = {};
      if (r.resolved !== null) counts[r.resolved ? f.recoveryYes : f.recoveryNo] = 1;
      const { before, afterScale } = facts;
      // Ratings on different scales say nothing about each other: only like with like is paired.
      if (r.rating !== null && before && afterScale && before.min === afterScale.min && before.max === afterScale.max) {
        Object.assign(counts, { [f.ratingN]: 1, [f.ratingBefore]: before.value, [f.ratingAfter]: r.rating, [f.ratingDiffSq]: (r.rating - before.value) ** 2 });
      }
      return Object.keys(counts).length ? { at: r.at, counts } : undefined;
    }
  }
}
