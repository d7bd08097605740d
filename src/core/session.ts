import type { Value } from './condition.js';
import type { SentimentLabel } from './ports.js';
import type { KanoAnswer } from './results/kano.js';

export type AnswerValue = number | string | boolean | string[];

export type SessionStatus = 'active' | 'completed' | 'opted_out' | 'abandoned';

/**
 * One customer's progress through one survey. Kept compact: ids and values only, never script
 * text, because it is read and written on every turn.
 */
export interface Session {
  v: 1;
  surveyId: string;
  version: number;
  locale: string;
  responseId: string;
  status: SessionStatus;
  /** The question waiting for an answer, or null when the survey is over. */
  current: string | null;
  /** Answers to the current question that were not understood so far. */
  attempts: number;
  /** The first half of the current Kano question, answered; its second half is waiting. */
  kano?: { questionId: string; functional: KanoAnswer; raw: string };
  /** Answer values by question id; null means skipped. */
  answers: Record<string, AnswerValue | null>;
  sentiment: Record<string, number>;
  /** Sentiment label and the scorer's confidence in it, by question id (absent in sessions
   * saved before the learned scorer). */
  sentimentLabel?: Record<string, SentimentLabel>;
  confidence?: Record<string, number>;
  /** Aspects each open answer talks about (absent in sessions saved before aspects existed). */
  mentioned?: Record<string, string[]>;
  /** Open answers that contradict the rating before them. */
  mismatched?: string[];
  /** Escalation rules already raised (and '@customer' for a request for a person). */
  raised: string[];
  context: { customer: Record<string, Value>; order: Record<string, Value> };
  /** What results split this response by (script `segments`), fixed when the survey started. */
  segments?: Record<string, string>;
  startedAt: number;
  updatedAt: number;
}
