import type { AggregateStore, CaseStore, ResponsePosition, ResponseStore } from '../core/ports.js';
import { eventsOfResponse } from '../core/results/eventsOfResponse.js';
import type { CaseResults } from './CaseResults.js';
import type { ResultsRecorder } from './ResultsRecorder.js';

const PAGE = 500;
/** Cases looked at for their steps (the store lists the newest first). */
const MAX_CASES = 100_000;

/**
 * Counts a survey's results again from its stored responses (and, given `cases`, the steps of
 * its stored escalation cases, which the loop figures count): after its segments changed, or to
 * recover counters. Answers arriving meanwhile count once (same exactly-once keys as the
 * rebuild's). Responses and cases past their retention are gone, so their part of the results
 * is too.
 */
export async function rebuildResults(deps: {
  surveyId: string;
  aggregates: AggregateStore;
  responses: ResponseStore;
  recorder: ResultsRecorder;
  cases?: { store: CaseStore; results: CaseResults };
  onProgress?: (done: number) => void;
}): Promise<{ responses: number; cases: number }> {
  const { surveyId } = deps;
  await deps.aggregates.clear(surveyId);
  let after: ResponsePosition | undefined;
  let done = 0;
  for (;;) {
    // Pages follow each other by (start time, id): responses sharing an instant are neither
    // met twice nor skipped, however many there are.
    const page = await deps.responses.list({ surveyId, limit: PAGE, ...(after ? { after } : {}) });
    for (const r of page) await deps.recorder.apply(r, eventsOfResponse(r));
    done += page.length;
    deps.onProgress?.(done);
    if (page.length < PAGE) break;
    const last = page.at(-1)!;
    after = { startedAt: last.startedAt, id: last.id };
  }
  let cases = 0;
  if (deps.cases) {
    for (const c of await deps.cases.store.list(MAX_CASES)) {
      if (c.surveyId !== surveyId) continue;
      await deps.cases.results.countAll(c);
      cases++;
    }
  }
  return { responses: done, cases };
}
