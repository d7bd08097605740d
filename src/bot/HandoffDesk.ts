import type { CustomerAddress, TranscriptEntry } from '../core/cases.js';
import type { SurveyEvent } from '../core/events.js';
import type { Priority } from '../core/script/compiled.js';

/** What a case is opened with besides the stored answers: the start data, and the question the
 * customer was looking at (not answered yet), so the transcript shows it. */
export interface CaseContext {
  customer: Record<string, unknown>;
  order: Record<string, unknown>;
  current?: string | null;
}

/** What a customer typed while a person owns the chat, kept for that person. */
export interface CustomerNote {
  caseId: string;
  /** The activity id, so a note applied twice (a replayed turn) is kept once. */
  id: string;
  text: string;
  at: number;
}

/**
 * What the bot needs from the escalation side (src/escalation implements it), so the bot stays
 * free of Slack, the console and the case store's details.
 */
export interface HandoffDesk {
  /** A person can take over chats; false: escalations are recorded and the survey goes on. */
  readonly enabled: boolean;
  readonly recoverySurveyId: string;
  /** Minutes a customer should expect to wait for a person, by the case's priority. */
  waitMinutes(priority: Priority): number;
  /** Opens or adds to the case of each escalation in the events. Idempotent. `context` is the
   * customer and order the survey was started with, when the turn knows them. */
  raise(events: readonly SurveyEvent[], address: CustomerAddress, context?: CaseContext): Promise<void>;
  /** Keeps the customer's words on the case and passes them to whoever works it. Idempotent. */
  customerSaid(note: CustomerNote): Promise<void>;
  /** The customer said No to the survey's contact question: the case stays, marked so. */
  contactDeclined(caseId: string): Promise<void>;
  /** Adds what was said in the customer's chat to the case, as they saw it. Idempotent by id. */
  transcribe(caseId: string, entries: readonly TranscriptEntry[]): Promise<void>;
  /** False once the case is resolved or expired (the bot then takes the chat back). */
  isActive(caseId: string): Promise<boolean>;
  /** The recovery survey ended: its answers become the case's recovery outcome. */
  recovered(caseId: string, responseId: string): Promise<void>;
}
