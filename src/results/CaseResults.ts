import type { Logger } from 'pino';
import type { EscalationCase } from '../core/cases.js';
import type { AggregateStore, ResponseStore } from '../core/ports.js';
import { caseUpdate, type CaseFacts, type CaseStep } from '../core/results/caseCounts.js';
import type { ScriptRegistry } from '../scripts/ScriptRegistry.js';

/** The question of the recovery survey whose rating is compared with the one before. */
const RECOVERY_RATING = 'csat_after';

export interface CaseResultsDeps {
  aggregates: AggregateStore;
  responses: ResponseStore;
  scripts: ScriptRegistry;
  log: Logger;
}

/**
 * Counts the steps of escalation cases into their survey's results (the loop figures): each
 * step once (its key), on the day it happened, in the groups of the case's response while that
 * response is still stored (channel, locale and version come from the case itself otherwise).
 * A failure here is logged and never fails the step the case took.
 */
export class CaseResults {
  constructor(private readonly deps: CaseResultsDeps) {}

  async count(c: EscalationCase, step: CaseStep): Promise<void> {
    try {
      const update = caseUpdate(c, step, await this.facts(c, step));
      if (update) await this.deps.aggregates.apply(update);
    } catch (err) {
      this.deps.log.warn({ err: (err as Error).message, caseId: c.id, step }, 'results: could not count a case step');
    }
  }

  private async facts(c: EscalationCase, step: CaseStep): Promise<CaseFacts> {
    const response = await this.deps.responses.get(c.responseId);
    const segments = response
      ? { ...response.segments, channel: response.channel, locale: response.locale, version: String(response.surveyVersion) }
      : { channel: c.address.channelId, locale: c.locale, version: String(c.surveyVersion) };
    if (step !== 'recovered' || !c.recovery) return { segments };
    const script = await this.deps.scripts.get(c.surveyId, c.surveyVersion);
    const score = script.outcome === undefined ? undefined : c.scores.find((s) => s.questionId === script.outcome);
    const recovery = await this.deps.responses.get(c.recovery.responseId);
    const recoveryScript = recovery ? await this.deps.scripts.get(recovery.surveyId, recovery.surveyVersion) : undefined;
    const after = recoveryScript?.questions.find((q) => q.id === RECOVERY_RATING);
    return {
      segments,
      ...(score ? { before: { value: score.value, min: score.min, max: score.max } } : {}),
      ...(after?.type === 'rating' ? { afterScale: { min: after.rating.min, max: after.rating.max } } : {}),
    };
  }
}
