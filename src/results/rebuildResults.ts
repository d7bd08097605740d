import type { AggregateStore, ResponseStore, SurveyResponse } from '../core/ports.js';
import { eventsOfResponse } from '../core/results/eventsOfResponse.js';
import type { ResultsRecorder } from './ResultsRecorder.js';

const PAGE = 500;

/**
 * Counts a survey's results again from its stored responses: after its segments changed, or
 * to recover counters. Answers arriving meanwhile count once (same exactly-once keys as the
 * rebuild's). Responses past their retention are gone, so their part of the results is too.
 */
export async function rebuildResults(deps: { surveyId: string; aggregates: AggregateStore; responses: ResponseStore; recorder: ResultsRecorder; onProgress?: (done: number) => void }): Promise<{ responses: number }> {
  const { surveyId } = deps;
  await deps.aggregates.clear(surveyId);
  let from: string | undefined;
  let previous = new Set<string>();
  let done = 0;
  for (;;) {
    const page: SurveyResponse[] = await deps.responses.list({ surveyId, ...(from ? { from } : {}), limit: PAGE });
    // Pages are by start time: the next starts at the last one's time, so responses sharing
    // that instant are met twice and skipped the second time.
    const fresh = page.filter((r) => !previous.has(r.id));
    for (const r of fresh) await deps.recorder.apply(r, eventsOfResponse(r));
    done += fresh.length;
    deps.onProgress?.(done);
    if (page.length < PAGE) break;
    const last = page.at(-1)!.startedAt;
    if (last === from && !fresh.length) throw new Error(`more than ${PAGE} responses started at ${last}: cannot page past them`);
    previous = new Set(page.filter((r) => r.startedAt === last).map((r) => r.id));
    from = last;
  }
  return { responses: done };
}
