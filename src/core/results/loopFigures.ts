import type { ResultsLoop } from '../api/results.js';
import { field, type Counters } from './fields.js';
import { pairedChange, wilsonMargin } from './statistics.js';

/** Escalations by rule and what became of their cases, from the survey's counters. */
export function loopFigures(c: Readonly<Counters>): Pick<ResultsLoop, 'escalations' | 'cases' | 'recovery'> {
  const get = (k: string) => c[k] ?? 0;
  const f = field.case;
  const byRule = Object.entries(c)
    .filter(([k, v]) => k.startsWith(`${field.escalated}:`) && v > 0)
    .map(([k, count]) => ({ rule: k.slice(field.escalated.length + 1), count }))
    .sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule));
  const opened = get(f.opened);
  const claimed = get(f.claimed);
  const claimedWithinSla = get(f.claimedInSla);
  const resolved = get(f.resolved);
  const yes = get(f.recoveryYes);
  const no = get(f.recoveryNo);
  const answered = yes + no;
  const n = get(f.ratingN);
  const before = get(f.ratingBefore);
  const after = get(f.ratingAfter);
  // The differences' moments: Σd = Σafter − Σbefore, Σd² kept as it is.
  const change = pairedChange({ n, sum: after - before, sumSq: get(f.ratingDiffSq) });
  return {
    escalations: { total: get(field.escalated), byRule },
    cases: {
      opened,
      claimed,
      meanMinutesToClaim: claimed ? get(f.claimMs) / claimed / 60_000 : null,
      claimedWithinSla,
      claimedWithinSlaShare: claimed ? claimedWithinSla / claimed : null,
      resolved,
      expired: get(f.expired),
      resolvedShare: opened ? resolved / opened : null,
    },
    recovery: {
      answered,
      yes,
      no,
      rate: answered ? yes / answered : null,
      marginOfError: wilsonMargin(yes, answered),
      rating: { n, before: n ? before / n : null, after: n ? after / n : null, delta: n ? (after - before) / n : null, significant: change?.significant ?? false },
    },
  };
}
