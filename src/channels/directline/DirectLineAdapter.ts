import { BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from 'botbuilder';
import { IDEMPOTENT_REPLIES, replyKeyOf } from '../../bot/replyKey.js';
import type { ActivityLog } from '../../core/ports.js';

export const DIRECT_LINE_CHANNEL = 'directline';
export const BOT_ACCOUNT = { id: 'satisfy', name: 'Satisfy', role: 'bot' } as const;

/** The customer's activity a turn answers, kept in the log but not announced yet: the turn's
 * first replies carry it to the streams (one announcement, one frame) unless `pending` was
 * cleared (announced on its own). `from` is the watermark before it. */
export interface UnannouncedEcho {
  from: number;
  pending: boolean;
}

const ECHO = Symbol('satisfy.unannouncedEcho');

/**
 * A botbuilder adapter for our own Direct Line server: a turn's replies are appended to the
 * conversation's activity log (which every instance can read and stream) instead of being
 * POSTed to a connector.
 */
export class DirectLineAdapter extends BotAdapter {
  constructor(
    private readonly log: ActivityLog,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {
    super();
  }

  /** Runs one incoming activity through the middleware and the bot. */
  async process(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>, echo?: UnannouncedEcho): Promise<void> {
    const context = new TurnContext(this, activity);
    context.turnState.set(IDEMPOTENT_REPLIES, true);
    if (echo) context.turnState.set(ECHO, echo);
    await this.runMiddleware(context, logic);
  }

  /** A turn's replies go into the log in one step, announced once (with the customer's
   * activity they answer, when it was not announced yet): one Redis call and one frame on the
   * customer's stream, not one per reply and one for the echo. */
  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const conversationId = context.activity.conversation?.id;
    if (!conversationId) throw new Error('Direct Line turn without a conversation id');
    const timestamp = new Date(this.now()).toISOString();
    const entries = activities
      .filter((activity) => activity.type !== 'delay')
      .map((activity) => {
        // A reply the log already has (its turn ran again after a fault) is not shown twice.
        const replyKey = replyKeyOf(activity);
        return {
          activity: {
            ...activity,
            from: BOT_ACCOUNT,
            recipient: context.activity.from,
            conversation: { id: conversationId },
            channelId: DIRECT_LINE_CHANNEL,
            timestamp,
            replyToId: activity.replyToId ?? context.activity.id,
          },
          ...(replyKey ? { clientActivityId: `reply:${replyKey}` } : {}),
        };
      });
    if (entries.length === 0) return [];
    const echo = context.turnState.get(ECHO) as UnannouncedEcho | undefined;
    const announceFrom = echo?.pending ? echo.from : undefined;
    const stored = await this.log.appendAll(conversationId, entries, { ttlMs: this.ttlMs, ...(announceFrom !== undefined ? { announceFrom } : {}) });
    // Announced with these replies, unless none was new (a turn run again): then nothing was.
    if (announceFrom !== undefined && stored.some((r) => !r.duplicate)) echo!.pending = false;
    return stored.map(({ activity }) => ({ id: activity.id }));
  }

  override async updateActivity(): Promise<void> {
    throw new Error('Direct Line conversations are append-only: activities cannot be updated');
  }

  override async deleteActivity(): Promise<void> {
    throw new Error('Direct Line conversations are append-only: activities cannot be deleted');
  }

  override async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: 'event', name: 'continueConversation' }, reference, true);
    await this.process(activity, logic);
  }
}
