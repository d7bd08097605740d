import type { AggregateGroup, AggregateStore } from '../../core/ports.js';
import type { AggregateUpdate } from '../../core/results/aggregateEvent.js';
import { addCounters, pickCounters, type Counters } from '../../core/results/fields.js';

export const OTHER_SEGMENT_VALUE = 'other';
const ALL = '*';

interface SurveyAggregates {
  /** responseId → keys of its events applied */
  applied: Map<string, Set<string>>;
  /** day → group ("*" or "name=value") → counters */
  days: Map<string, Map<string, Counters>>;
  /** segment → admitted values, in order of arrival */
  values: Map<string, Set<string>>;
  folded: Set<string>;
  /** The groups an update's segments count in, worked out once per segments object: a
   * response's updates share one (ResultsRecorder), and admission never changes for a value
   * once decided (values only grow until clear(), which drops this map with the survey). */
  groupsOf: WeakMap<Readonly<Record<string, string>>, readonly string[]>;
}

/** Results counters in memory (the laptop default); same rules as the Redis store. */
export class MemoryAggregateStore implements AggregateStore {
  private readonly surveys = new Map<string, SurveyAggregates>();

  constructor(private readonly topN = 50) {}

  private survey(id: string): SurveyAggregates {
    let s = this.surveys.get(id);
    if (!s) this.surveys.set(id, (s = { applied: new Map(), days: new Map(), values: new Map(), folded: new Set(), groupsOf: new WeakMap() }));
    return s;
  }

  async apply(update: AggregateUpdate): Promise<boolean> {
    const s = this.survey(update.surveyId);
    let applied = s.applied.get(update.responseId);
    if (!applied) s.applied.set(update.responseId, (applied = new Set()));
    if (applied.has(update.key)) return false;
    applied.add(update.key);
    let day = s.days.get(update.day);
    if (!day) s.days.set(update.day, (day = new Map()));
    let groups = s.groupsOf.get(update.segments);
    if (!groups) s.groupsOf.set(update.segments, (groups = [ALL, ...Object.entries(update.segments).map(([name, value]) => `${name}=${this.admit(s, name, value)}`)]));
    for (const g of groups) {
      let counters = day.get(g);
      if (!counters) day.set(g, (counters = {}));
      for (const k in update.counts) counters[k] = (counters[k] ?? 0) + update.counts[k]!;
    }
    return true;
  }

  async applyAll(updates: readonly AggregateUpdate[]): Promise<boolean[]> {
    const out: boolean[] = [];
    for (const u of updates) out.push(await this.apply(u));
    return out;
  }

  private admit(s: SurveyAggregates, name: string, value: string): string {
    let values = s.values.get(name);
    if (!values) s.values.set(name, (values = new Set()));
    if (values.has(value)) return value;
    if (values.size < this.topN) {
      values.add(value);
      return value;
    }
    s.folded.add(name);
    return OTHER_SEGMENT_VALUE;
  }

  async total(surveyId: string, fromDay: string, toDay: string, group?: AggregateGroup, fields?: readonly string[]): Promise<Counters> {
    const sum: Counters = {};
    for (const c of (await this.read(surveyId, fromDay, toDay, group, fields)).values()) addCounters(sum, c);
    return sum;
  }

  async read(surveyId: string, fromDay: string, toDay: string, group?: AggregateGroup, fields?: readonly string[]): Promise<Map<string, Counters>> {
    const out = new Map<string, Counters>();
    const s = this.surveys.get(surveyId);
    if (!s) return out;
    const keys = group ? [...new Set(group.values)].map((v) => `${group.name}=${v}`) : [ALL];
    for (const [day, groups] of [...s.days].sort(([a], [b]) => a.localeCompare(b))) {
      if (day < fromDay || day > toDay) continue;
      const sum: Counters = {};
      let any = false;
      for (const k of keys) {
        const c = groups.get(k);
        if (c) {
          addCounters(sum, c);
          any = true;
        }
      }
      if (any) out.set(day, pickCounters(sum, fields));
    }
    return out;
  }

  async segmentValues(surveyId: string, segment: string): Promise<string[]> {
    const s = this.surveys.get(surveyId);
    const values = [...(s?.values.get(segment) ?? [])];
    return s?.folded.has(segment) ? [...values, OTHER_SEGMENT_VALUE] : values;
  }

  async segments(surveyId: string): Promise<string[]> {
    return [...(this.surveys.get(surveyId)?.values.keys() ?? [])];
  }

  async clear(surveyId: string): Promise<void> {
    this.surveys.delete(surveyId);
  }

  async forgetResponse(surveyId: string, responseId: string): Promise<void> {
    this.surveys.get(surveyId)?.applied.delete(responseId);
  }
}
