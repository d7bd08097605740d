import { BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from 'botbuilder';
import type { WebClient } from '@slack/web-api';
import type { Output } from '../../core/outputs.js';
import { asKnownBlocks, renderSlack } from './blocks.js';

export const SLACK_CHANNEL = 'slack';

/** The state key of the question last posted in a DM (so it can be shown as answered). */
export function slackQuestionKey(channel: string): string {
  return `slack-question/${channel}`;
}

/** A question message as posted, so it can be shown as answered once it is. */
export interface PostedQuestion {
  ts: string;
  questionId: string;
  text: string;
}

const POSTED = Symbol('satisfy.slackPosted');

/**
 * A botbuilder adapter for Slack DMs: a turn's replies become chat.postMessage calls with
 * Block Kit drawn from the channel-neutral output in channelData.satisfy.
 */
export class SlackAdapter extends BotAdapter {
  constructor(private readonly client: WebClient) {
    super();
  }

  /** Runs one activity through the bot; returns the question messages it posted. */
  async process(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<PostedQuestion[]> {
    const context = new TurnContext(this, activity);
    const posted: PostedQuestion[] = [];
    context.turnState.set(POSTED, posted);
    await this.runMiddleware(context, logic);
    return posted;
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const channel = context.activity.conversation?.id;
    if (!channel) throw new Error('Slack turn without a channel');
    const posted = (context.turnState.get(POSTED) as PostedQuestion[] | undefined) ?? [];
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      // Only messages reach a person; survey.error events answer the API that started a
      // survey, and Slack starts report their errors to the slash command instead.
      if (activity.type !== 'message') {
        responses.push({ id: '' });
        continue;
      }
      const output = (activity.channelData as { satisfy?: Output } | undefined)?.satisfy;
      const message = renderSlack(output ?? { type: 'message', text: activity.text ?? '' });
      const result = await this.client.chat.postMessage({ channel, text: message.text, blocks: asKnownBlocks(message.blocks) });
      const ts = result.ts ?? '';
      if (output?.type === 'question') posted.push({ ts, questionId: output.questionId, text: output.text });
      responses.push({ id: ts });
    }
    return responses;
  }

  override async updateActivity(context: TurnContext, activity: Partial<Activity>): Promise<void> {
    const channel = activity.conversation?.id ?? context.activity.conversation?.id;
    if (!channel || !activity.id) throw new Error('Updating a Slack message needs its channel and ts');
    await this.client.chat.update({ channel, ts: activity.id, text: activity.text ?? '' });
  }

  override async deleteActivity(context: TurnContext, reference: Partial<ConversationReference>): Promise<void> {
    const channel = reference.conversation?.id ?? context.activity.conversation?.id;
    if (!channel || !reference.activityId) throw new Error('Deleting a Slack message needs its channel and ts');
    await this.client.chat.delete({ channel, ts: reference.activityId });
  }

  override async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    await this.process(TurnContext.applyConversationReference({ type: 'event', name: 'continueConversation' }, reference, true), logic);
  }
}
