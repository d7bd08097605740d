import type { Value } from '../core/condition.js';
import type { SlackChannel } from '../channels/slack/SlackChannel.js';
import { startDataOf } from '../core/distribution/invitation.js';
import type { Catalog } from '../core/script/compiled.js';
import { interpolate } from '../core/template.js';
import { JobGiveUp } from '../scheduler/JobRunner.js';
import type { InvitationMessage, InvitationSender } from './InvitationSender.js';

/**
 * Invitations as Slack DMs: the survey itself starts in the customer's DM (the bot greets and
 * asks the first question there), found by Slack user id or looked up by email. A reminder is
 * one line in the same DM; the open question is already there.
 */
export class SlackSender implements InvitationSender {
  readonly channel = 'slack' as const;

  constructor(
    private readonly slack: SlackChannel,
    private readonly catalog: Catalog,
  ) {}

  async send({ invitation, script, reminder }: InvitationMessage): Promise<{ ref?: string }> {
    const userId = invitation.customer.slackUserId ?? (await this.lookup(invitation.customer.email));
    if (!reminder) {
      const customer = startDataOf(invitation.customer) as Record<string, Value>;
      const { channel } = await this.slack.startSurvey({ slackUserId: userId, surveyId: invitation.surveyId, locale: invitation.locale, customer, order: invitation.order as Record<string, Value>, startId: invitation.id });
      return { ref: channel };
    }
    const opened = await this.slack.client.conversations.open({ users: userId });
    const channel = opened.channel?.id;
    if (!channel) throw new Error(`Slack gave no DM channel for ${userId}`);
    const strings = this.catalog[invitation.locale] ?? this.catalog[script.defaultLocale] ?? {};
    const title = script.title[invitation.locale] ?? script.title[script.defaultLocale] ?? script.id;
    const text = interpolate(strings['invitation.slack_reminder'] ?? '', { survey: title });
    if (!text) throw new Error(`locale ${invitation.locale} has no invitation.slack_reminder string`);
    const posted = await this.slack.client.chat.postMessage({ channel, text });
    return { ref: posted.ts ?? channel };
  }

  private async lookup(email: string | undefined): Promise<string> {
    if (!email) throw new JobGiveUp('no Slack user id and no email to look the user up by');
    let found;
    try {
      found = await this.slack.client.users.lookupByEmail({ email });
    } catch (err) {
      const code = (err as { data?: { error?: string } }).data?.error;
      // users_not_found is a fact about the customer: trying again will not change it.
      if (code === 'users_not_found') throw new JobGiveUp('Slack has no user with the customer\'s email address (users_not_found)');
      throw err;
    }
    if (!found.user?.id) throw new JobGiveUp('Slack has no user with the customer\'s email address');
    return found.user.id;
  }
}
