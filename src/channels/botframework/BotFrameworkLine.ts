import type { ActivityHandler } from 'botbuilder';
import type { BotFrameworkAdapter } from './BotFrameworkAdapter.js';
import type { CustomerLine } from '../../bot/CustomerLine.js';
import { runTrusted } from '../../bot/trustedTurn.js';
import type { CustomerAddress } from '../../core/cases.js';
import type { HandoffEventName, HandoffEventValue } from '../../core/handoff/handoffEvents.js';
import type { Config } from '../../config.js';
import { SatisfyError } from '../../errors.js';
import { replyTargetAllowed } from './botFrameworkRoute.js';

/**
 * Handoff events for customers who came in through /api/messages (Teams, the Emulator, ...):
 * written back through their channel's connector, as a turn the server itself runs. Without
 * credentials only the service URLs /api/messages would answer are written to.
 */
export class BotFrameworkLine implements CustomerLine {
  constructor(
    private readonly adapter: BotFrameworkAdapter,
    private readonly bot: ActivityHandler,
    private readonly config: Config['botFramework'],
  ) {}

  async deliverEvent(address: CustomerAddress, name: HandoffEventName, value: HandoffEventValue, id: string): Promise<void> {
    const { appId, allowedServiceUrls } = this.config;
    if (!address.serviceUrl || (!appId && !replyTargetAllowed(address.serviceUrl, allowedServiceUrls))) {
      throw new SatisfyError('CHANNEL_UNREACHABLE', `No way back to customers on ${address.channelId} (${address.serviceUrl ?? 'no service URL'})`);
    }
    const reference = {
      channelId: address.channelId,
      serviceUrl: address.serviceUrl,
      conversation: { id: address.conversationId, isGroup: false, conversationType: 'personal', name: '' },
      user: { id: address.userId, name: '' },
      bot: { id: appId ?? 'satisfy', name: 'Satisfy' },
    };
    const run = runTrusted((context) => this.bot.run(context));
    await this.adapter.continueConversationAsync(appId ?? '', reference, async (context) => {
      Object.assign(context.activity, { name, value, id });
      await run(context);
    });
  }
}
