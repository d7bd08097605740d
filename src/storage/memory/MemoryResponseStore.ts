import type {
  EscalationRecord,
  ResponsePosition,
  ResponseQuery,
  ResponseStatus,
  ResponseStore,
  StoredAnswer,
  SurveyResponse,
} from '../../core/ports.js';
import { copyJson } from './copyJson.js';

/** Responses in process memory. What goes in and comes out is a copy with JSON's rules (as
 * Redis would give it back), so no caller holds a live reference into the store. */
export class MemoryResponseStore implements ResponseStore {
  private readonly responses = new Map<string, SurveyResponse>();

  async create(response: SurveyResponse): Promise<void> {
    if (!this.responses.has(response.id)) this.responses.set(response.id, copyJson(response));
  }

  async recordAnswer(responseId: string, questionId: string, answer: StoredAnswer): Promise<void> {
    const r = this.responses.get(responseId);
    if (r) r.answers[questionId] = copyJson(answer);
  }

  async finish(responseId: string, status: Exclude<ResponseStatus, 'in_progress'>, at: string, endingId?: string, leftAt?: string): Promise<void> {
    const r = this.responses.get(responseId);
    if (!r || r.status !== 'in_progress') return;
    r.status = status;
    r.completedAt = at;
    if (endingId) r.endingId = endingId;
    if (leftAt) r.leftAt = leftAt;
  }

  async addEscalation(responseId: string, escalation: EscalationRecord): Promise<void> {
    const r = this.responses.get(responseId);
    const duplicate = r?.escalations.some((e) => e.reason === escalation.reason && e.ruleId === escalation.ruleId);
    if (r && !duplicate) r.escalations.push({ ...escalation });
  }

  async get(responseId: string): Promise<SurveyResponse | undefined> {
    const r = this.responses.get(responseId);
    return r && copyJson(r);
  }

  async delete(responseId: string): Promise<boolean> {
    return this.responses.delete(responseId);
  }

  async list(query: ResponseQuery): Promise<SurveyResponse[]> {
    const sign = query.order === 'desc' ? -1 : 1;
    // By time (ms, as the Redis index scores it), then by id as bytes (as Redis orders members).
    const compare = (a: ResponsePosition, b: ResponsePosition) => sign * (Date.parse(a.startedAt) - Date.parse(b.startedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const { after } = query;
    const matches = [...this.responses.values()]
      .filter((r) => !query.surveyId || r.surveyId === query.surveyId)
      .filter((r) => !query.from || Date.parse(r.startedAt) >= Date.parse(query.from))
      .filter((r) => !query.to || Date.parse(r.startedAt) <= Date.parse(query.to))
      .filter((r) => !after || compare(r, after) > 0)
      .sort(compare);
    return copyJson(matches.slice(0, query.limit ?? matches.length));
  }
}
