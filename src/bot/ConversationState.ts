import type { Value } from '../core/condition.js';
import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { SurveyEvent } from '../core/events.js';
import type { Output } from '../core/outputs.js';
import type { ConversationEscalation, ConversationHandoff, ConversationRecovery } from '../core/handoff/handoffState.js';
import type { CustomerNote } from './HandoffDesk.js';
import type { SessionStatus } from '../core/session.js';

/** What one conversation keeps between turns: the dialog stack (which holds the survey
 * session), how the last survey ended, and recent activity ids to drop redelivered turns. */
export interface ConversationData {
  dialogs: DialogState;
  last?: {
    surveyId: string;
    responseId: string;
    status: SessionStatus;
    locale: string;
    /** Its start data, for a case opened after it ended (the customer asks for a person). */
    context?: { customer: Record<string, Value>; order: Record<string, Value> };
  };
  seen: string[];
  /** The id of the survey.start that began the conversation's survey (not only among `seen`). */
  lastStart?: string;
  /** The last turn's events, saved with the state they belong to and applied to the response
   * store again (idempotently) by the next turn, so a process that died between saving the
   * state and recording the responses loses nothing. */
  pending?: SurveyEvent[];
  /** The running survey's start, held back until the customer first answers (deferStart). */
  unstarted?: Extract<SurveyEvent, { type: 'survey.started' }>;
  /** What the last turn said, so the same activity delivered again (a client resending after a
   * store fault) gets the same replies instead of being dropped without an answer. Kept only
   * for channels that drop replies they already have (the web chat). */
  reply?: { to: string; outputs: Output[] };
  /** The survey in this conversation that raised a case. */
  escalation?: ConversationEscalation;
  /** A person owns the chat (or is on the way): the bot stays silent and keeps what is said. */
  handoff?: ConversationHandoff;
  /** The recovery questions asked after a case was resolved. */
  recovery?: ConversationRecovery;
  /** Names the saved turn, so the process that recorded its `pending` and `pendingNote` knows
   * the next turn need not apply them again. */
  turn?: string;
  /** Like `pending`: a note for the case from the last turn, applied again by the next. */
  pendingNote?: CustomerNote;
}

export function emptyConversation(): ConversationData {
  return { dialogs: { dialogStack: [] }, seen: [] };
}

/** Where a turn puts the conversation it loaded, for the bot's one DialogSet to find. */
export const CONVERSATION_DATA = Symbol('satisfy.conversationData');

/**
 * Gives botbuilder's DialogSet a property accessor over state we load and save ourselves.
 * botbuilder's BotState saves with eTag '*' (last write wins); our turn loop saves with the eTag
 * it read, so two turns racing on one conversation cannot silently overwrite each other.
 * It reads the turn's conversation from the TurnContext, so one DialogSet serves every turn.
 */
export class DialogStateAccessor implements StatePropertyAccessor<DialogState> {
  async get(context: TurnContext, defaultValue?: DialogState): Promise<DialogState> {
    const data = conversationOf(context);
    if (!data.dialogs && defaultValue) data.dialogs = defaultValue;
    return data.dialogs;
  }

  async set(context: TurnContext, value: DialogState): Promise<void> {
    conversationOf(context).dialogs = value;
  }

  async delete(context: TurnContext): Promise<void> {
    conversationOf(context).dialogs = { dialogStack: [] };
  }
}

function conversationOf(context: TurnContext): ConversationData {
  const data = context.turnState.get(CONVERSATION_DATA) as ConversationData | undefined;
  // A dialog run on a context the bot did not load would otherwise read or write nothing.
  if (!data) throw new Error('no conversation loaded on this turn');
  return data;
}
