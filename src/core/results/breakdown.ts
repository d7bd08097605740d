import type { BreakdownGroup, Headline } from '../api/results.js';
import type { CompiledScript } from '../script/compiled.js';
import { field, type Counters } from './fields.js';
import { headlineFigures, responseCounts } from './summarize.js';

/** Below this many responses a group's figures are too uncertain to compare: marked, not hidden. */
export const SMALL_GROUP = 30;

/**
 * The headline scores per value of one segment, largest group first. With `all` (the counters
 * of every response) the responses that have no value for the segment become a "not given"
 * group (value null), last: each response is in exactly one value's group or in none, so they
 * are what the groups leave of the total.
 */
export function breakdown(groups: ReadonlyMap<string, Readonly<Counters>>, script: CompiledScript, headline: Headline, all?: Readonly<Counters>): BreakdownGroup[] {
  const out = [...groups].map(([value, c]) => group(value, c, script, headline)).sort((a, b) => b.n - a.n || (a.value ?? '').localeCompare(b.value ?? ''));
  if (all) {
    const rest = remainder(all, [...groups.values()]);
    if (Object.keys(rest).length) out.push(group(null, rest, script, headline));
  }
  return out;
}

function group(value: string | null, c: Readonly<Counters>, script: CompiledScript, headline: Headline): BreakdownGroup {
  const responses = responseCounts(c);
  const n = c[field.started] ?? 0;
  return { value, n, small: n < SMALL_GROUP, responses, ...headlineFigures(c, script, headline) };
}

/** `all` less every group, keeping only what remains above rounding noise. */
function remainder(all: Readonly<Counters>, groups: readonly Readonly<Counters>[]): Counters {
  const out: Counters = {};
  for (const [k, v] of Object.entries(all)) {
    const left = groups.reduce((a, g) => a - (g[k] ?? 0), v);
    if (left > 1e-9) out[k] = left;
  }
  return out;
}
