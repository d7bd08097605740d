import type { WebClient } from '@slack/web-api';
import type { EscalationCase } from '../../core/cases.js';
import { maskPersonalData } from '../../core/privacy/maskPersonalData.js';
import type { CaseNotifier, ThreadLine } from '../../escalation/CaseNotifier.js';
import { asKnownBlocks, escapeMrkdwn } from './blocks.js';
import { renderCaseCard } from './caseCard.js';

/** Case cards in the support channel (SLACK_SUPPORT_CHANNEL), updated as the case moves, and
 * the conversation with the customer mirrored in the card's thread. */
export class SlackCaseNotifier implements CaseNotifier {
  constructor(
    private readonly client: WebClient,
    private readonly channel: string,
  ) {}

  async announce(c: EscalationCase): Promise<{ channel: string; ts: string }> {
    const card = renderCaseCard(c);
    const posted = await this.client.chat.postMessage({ channel: this.channel, text: card.text, blocks: asKnownBlocks(card.blocks), unfurl_links: false });
    if (!posted.ts) throw new Error('chat.postMessage gave no ts for the case card');
    return { channel: posted.channel ?? this.channel, ts: posted.ts };
  }

  async refresh(c: EscalationCase): Promise<void> {
    if (!c.slackCard) return;
    const card = renderCaseCard(c);
    await this.client.chat.update({ channel: c.slackCard.channel, ts: c.slackCard.ts, text: card.text, blocks: asKnownBlocks(card.blocks) });
  }

  async overdue(c: EscalationCase): Promise<void> {
    if (!c.slackCard) return;
    await this.refresh(c);
    await this.client.chat.postMessage({
      channel: c.slackCard.channel,
      thread_ts: c.slackCard.ts,
      reply_broadcast: true,
      text: `<!here> ⏰ Not claimed in time: this case is now *${c.priority}* priority. Please claim it.`,
    });
  }

  async thread(c: EscalationCase, line: ThreadLine): Promise<void> {
    if (!c.slackCard) return;
    const who = line.from === 'customer' ? '*Customer*' : `*${escapeMrkdwn(line.name ?? 'Agent')}* (console)`;
    await this.client.chat.postMessage({ channel: c.slackCard.channel, thread_ts: c.slackCard.ts, text: `${who}: ${escapeMrkdwn(maskPersonalData(line.text))}`, unfurl_links: false });
  }
}
