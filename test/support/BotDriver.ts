import { randomUUID } from 'node:crypto';
import { TestAdapter, type Activity, type CardAction } from 'botbuilder';
import type { SurveyBot } from '../../src/bot/SurveyBot.js';

/**
 * A customer talking to the real SurveyBot through botbuilder's TestAdapter. Clicks use the
 * suggested actions of the bot's last question, exactly as a channel would send them back.
 */
export class BotDriver {
  readonly adapter: TestAdapter;
  replies: Partial<Activity>[] = [];
  private readonly idPrefix = randomUUID().slice(0, 8);
  private sent = 0;

  constructor(bot: SurveyBot, options: { locale?: string; conversationId?: string } = {}) {
    this.adapter = new TestAdapter(
      (context) => bot.run(context),
      { channelId: 'test', conversation: { id: options.conversationId ?? 'conv-1' } as Activity['conversation'], locale: options.locale },
    );
  }

  async send(activity: string | Partial<Activity>): Promise<Partial<Activity>[]> {
    const full: Partial<Activity> = typeof activity === 'string' ? { type: 'message', text: activity } : activity;
    // Channels give every activity a unique id; TestAdapter numbers from 0 per adapter, which
    // would look like redelivery when two drivers share a conversation.
    await this.adapter.receiveActivity({ id: `${this.idPrefix}-${++this.sent}`, ...full });
    this.replies = this.adapter.activeQueue.splice(0);
    return this.replies;
  }

  start(value: Record<string, unknown> = {}): Promise<Partial<Activity>[]> {
    return this.send({ type: 'event', name: 'survey.start', value });
  }

  /** Presses the button with this title on the last question. */
  async click(title: string): Promise<Partial<Activity>[]> {
    const action = this.actions().find((a) => a.title === title);
    if (!action) throw new Error(`no button "${title}" in ${JSON.stringify(this.actions().map((a) => a.title))}`);
    return this.send({ type: 'message', text: action.text, value: action.value });
  }

  actions(): CardAction[] {
    return this.replies.flatMap((r) => r.suggestedActions?.actions ?? []);
  }

  texts(): string[] {
    return this.replies.filter((r) => r.type === 'message').map((r) => r.text ?? '');
  }

  /** The question id of the last question asked, from channelData. */
  currentQuestion(): string | undefined {
    const q = this.replies.findLast((r) => (r.channelData as { satisfy?: { type?: string } })?.satisfy?.type === 'question');
    return (q?.channelData as { satisfy: { questionId: string } } | undefined)?.satisfy.questionId;
  }
}
