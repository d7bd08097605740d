import type { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { matchLocale } from '../core/locale.js';
import type { Catalog } from '../core/script/compiled.js';
import { isSatisfyError } from '../errors.js';
import { SampledLog } from '../SampledLog.js';
import { turnFields, turnLog } from './turnLog.js';

/**
 * What every adapter does when a turn throws: log it, and tell the customer in their language.
 * The store being away is expected and temporary (it reconnects by itself), so it is a warning
 * and the customer is asked to send the answer again. So are a conversation that kept changing
 * under the turn (ETAG_CONFLICT after the retries) and a full one: all three are logged without
 * a stack and sampled, since a flood of them is one story, not thousands.
 */
export function politeTurnError(catalog: Catalog, defaultLocale: string, log: Logger) {
  const expected = new SampledLog(log);
  return async (context: TurnContext, error: Error): Promise<void> => {
    const storeDown = isSatisfyError(error, 'STORE_UNAVAILABLE');
    if (storeDown) expected.warn(turnFields(context, { err: error.message, channel: context.activity.channelId }), 'turn failed: store unavailable');
    else if (isSatisfyError(error, 'ETAG_CONFLICT') || isSatisfyError(error, 'CONVERSATION_FULL')) expected.warn(turnFields(context, { code: error.code, channel: context.activity.channelId }), 'turn failed: expected conflict');
    else turnLog(context, log).error({ err: error, channel: context.activity.channelId }, 'turn failed');
    try {
      const locale = matchLocale(context.activity.locale, Object.keys(catalog), defaultLocale);
      const key = storeDown ? 'error.store_unavailable' : 'error.try_again';
      const text = catalog[locale]?.[key] ?? 'Sorry, something went wrong. Please try again in a moment.';
      await context.sendActivity({ type: 'message', text });
    } catch (sendErr) {
      turnLog(context, log).warn({ err: (sendErr as Error).message }, 'could not tell the customer about the failed turn');
    }
  };
}
