import { BotAdapter, TurnContext, type Activity, type ResourceResponse } from 'botbuilder';

/** Runs one activity through the real bot on a given conversation and keeps what it sends,
 * without any channel around it. */
export class TurnRecorder extends BotAdapter {
  readonly sent: Partial<Activity>[] = [];

  context(conversationId: string, activity: Partial<Activity>, channelId = 'directline'): TurnContext {
    return new TurnContext(this, { id: `rec-${Date.now()}-${Math.random()}`, channelId, conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' }, from: { id: 'someone', name: '' }, recipient: { id: 'satisfy', name: 'Satisfy' }, ...activity });
  }

  override async sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    this.sent.push(...activities.map(({ type, name, value, text }) => ({ type, ...(name ? { name } : {}), ...(value !== undefined ? { value } : {}), ...(text ? { text } : {}) })));
    return activities.map(() => ({ id: '' }));
  }

  override async updateActivity(): Promise<void> {}
  override async deleteActivity(): Promise<void> {}
  override async continueConversation(): Promise<void> {}
}
