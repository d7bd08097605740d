import type { Priority } from '../script/compiled.js';

/** The survey in a conversation that raised a case. */
export interface ConversationEscalation {
  responseId: string;
  caseId: string;
  priority: Priority;
  locale: string;
  /** A person handed the chat back: this survey does not hand it over again. */
  handedBack?: boolean;
}

/** A person owns the chat (or is on the way): the bot stays silent and keeps what is said. */
export interface ConversationHandoff {
  caseId: string;
  locale: string;
  since: number;
  /** The agent's name once the case is claimed. */
  agent?: string;
  /** The survey was paused, not finished: it goes on once the chat is handed back. */
  resumeSurvey: boolean;
}

/** The recovery questions asked after a case was resolved. */
export interface ConversationRecovery {
  caseId: string;
  responseId?: string;
}

/** The handoff side of a conversation's state, as the rules in handoffRules see and change it. */
export interface HandoffState {
  escalation?: ConversationEscalation;
  handoff?: ConversationHandoff;
  recovery?: ConversationRecovery;
}
