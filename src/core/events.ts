import type { Value } from './condition.js';
import type { Priority, RuleAction } from './script/compiled.js';
import type { SentimentLabel } from './ports.js';
import type { AnswerValue } from './session.js';

/** What happened in a turn, for the world to persist and react to; the core never saves. */
export type SurveyEvent =
  | {
      type: 'survey.started';
      responseId: string;
      surveyId: string;
      version: number;
      locale: string;
      customer: Record<string, Value>;
      order: Record<string, Value>;
      /** What results split this response by (script `segments`). */
      segments?: Record<string, string>;
      at: number;
    }
  | {
      type: 'answer.recorded';
      responseId: string;
      questionId: string;
      value: AnswerValue;
      raw: string;
      attempts: number;
      aspect?: string;
      sentiment?: number;
      sentimentLabel?: SentimentLabel;
      /** The scorer's confidence in that label, in [0, 1]. */
      sentimentConfidence?: number;
      drivers?: string[];
      aspects?: { aspect: string; score: number }[];
      at: number;
    }
  | {
      type: 'answer.mismatch';
      responseId: string;
      questionId: string;
      ratingQuestionId: string;
      kind: 'high_rating_negative_text' | 'low_rating_positive_text';
      at: number;
    }
  | {
      type: 'answer.skipped';
      responseId: string;
      questionId: string;
      reason: 'customer' | 'not_understood';
      raw: string;
      attempts: number;
      at: number;
    }
  | { type: 'survey.completed'; responseId: string; endingId: string; at: number }
  | { type: 'survey.opted_out'; responseId: string; questionId: string | null; at: number }
  /** questionId: the question left unanswered (for drop-off), null if none was waiting. */
  | { type: 'survey.abandoned'; responseId: string; questionId: string | null; at: number }
  | {
      type: 'escalation.requested';
      responseId: string;
      reason: 'rule' | 'customer';
      ruleId?: string;
      priority: Priority;
      /** What the rule asks of the survey when a person can take over. */
      then: RuleAction;
      /** The keyword that raised a keyword rule, or what the customer wrote asking for a person. */
      matched?: string;
      at: number;
    };
