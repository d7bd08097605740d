import type { Activity, ActivityHandler, TurnContext } from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import { politeTurnError } from '../../bot/politeTurnError.js';
import { TURN_REQUEST_ID } from '../../bot/turnLog.js';
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Catalog } from '../../core/script/compiled.js';
import type { Config } from '../../config.js';
import { sendError } from '../../http/sendError.js';
import { BotFrameworkAdapter, isTokenError } from './BotFrameworkAdapter.js';
import { LeanBotFrameworkAuthentication } from './LeanBotFrameworkAuthentication.js';
import { ReplyTransport } from './ReplyTransport.js';
import { timeoutHttpClient } from './timeoutHttpClient.js';

/** The fields botbuilder dereferences without checking; without them a request would crash the
 * turn instead of getting a 400. */
const IncomingActivity = z
  .object({
    type: z.string().min(1).max(64),
    serviceUrl: z.string().url().max(2048),
    channelId: z.string().min(1).max(64),
    conversation: z.object({ id: z.string().min(1).max(512) }).passthrough(),
    from: z.object({ id: z.string().max(512) }).passthrough().optional(),
    text: z.string().max(100_000).optional(),
    locale: z.string().max(35).optional(),
  })
  .passthrough();

/** Channels that reach Satisfy through an adapter of their own (the web chat's Direct Line
 * server, Slack through Bolt). Their conversations are never acted on from /api/messages, with
 * or without credentials: a request naming one of them would otherwise answer for, or restart
 * the survey of, a customer in that channel. */
export const OWN_ADAPTER_CHANNELS: ReadonlySet<string> = new Set(['directline', 'slack']);

/** Without credentials nobody is authenticated, so only the Bot Framework Emulator is served. */
export const UNAUTHENTICATED_CHANNELS: ReadonlySet<string> = new Set(['emulator']);

/** Which channels /api/messages may act for: the reason a channel is refused, or undefined. */
export function channelRefusal(channelId: string, authenticated: boolean): string | undefined {
  if (OWN_ADAPTER_CHANNELS.has(channelId.toLowerCase())) {
    return `Conversations of the "${channelId}" channel are served by their own endpoint, not /api/messages.`;
  }
  if (!authenticated && !UNAUTHENTICATED_CHANNELS.has(channelId)) {
    return `Without MICROSOFT_APP_ID requests are not authenticated, so only the Bot Framework Emulator (channelId "emulator") is served, not "${channelId}".`;
  }
  return undefined;
}

type ConnectorOptions = ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[4];

/** The adapter /api/messages and BotFrameworkLine run turns through. Replies go out through one
 * kept LeanConnectorClient per service URL; botbuilder's own clients (with the timeout too) only
 * for the connector operations Satisfy does not use on a turn. */
export function createBotFrameworkAdapter(config: Config['botFramework'], outboundTimeoutMs: number, retryDelayMs?: number): BotFrameworkAdapter {
  const botbuilderAuth = new ConfigurationBotFrameworkAuthentication(
    {
      MicrosoftAppId: config.appId,
      MicrosoftAppPassword: config.appPassword,
      MicrosoftAppType: config.appType,
      MicrosoftAppTenantId: config.tenantId,
    },
    undefined,
    undefined,
    undefined,
    { httpClient: timeoutHttpClient(outboundTimeoutMs) as unknown as NonNullable<ConnectorOptions>['httpClient'] },
  );
  const transport = new ReplyTransport(outboundTimeoutMs, retryDelayMs);
  return new BotFrameworkAdapter(new LeanBotFrameworkAuthentication(botbuilderAuth, transport), transport);
}

/**
 * POST /api/messages, the standard Bot Framework endpoint (Azure Bot Service, the Emulator).
 * With no app id configured it accepts unauthenticated requests, as the Emulator expects.
 */
export function botFrameworkRoute(
  adapter: BotFrameworkAdapter,
  bot: ActivityHandler,
  config: Config['botFramework'],
  catalog: Catalog,
  defaultLocale: string,
  log: Logger,
): RequestHandler {
  adapter.onTurnError = politeTurnError(catalog, defaultLocale, log);

  // A handler, not a router: mounted with app.post, a turn skips a nested router's pass.
  return async (req, res) => {
    const check = IncomingActivity.safeParse(req.body);
    if (!check.success) {
      const detail = check.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
      return sendError(res, 400, 'BAD_ACTIVITY', `Not a Bot Framework activity: ${detail}`);
    }
    // Before authentication: even a channel Azure Bot Service vouches for must not reach the
    // conversations our own adapters own.
    const refusal = channelRefusal(check.data.channelId, Boolean(config.appId));
    if (refusal) return sendError(res, 403, 'CHANNEL_NOT_SERVED', refusal);
    if (!config.appId && !replyTargetAllowed(check.data.serviceUrl, config.allowedServiceUrls)) {
      return sendError(res, 403, 'SERVICE_URL_NOT_ALLOWED', 'Without MICROSOFT_APP_ID requests are not authenticated, so replies only go to loopback addresses or to ALLOWED_SERVICE_URLS.');
    }
    // The checked body is the activity: botbuilder's process() would validate it all over again.
    const activity = check.data as unknown as Activity;
    try {
      // The endpoint runs outside the request context (src/http/requestId.ts): the turn's lines
      // get the id from the turn itself.
      const reqId = res.locals.requestId as string;
      const result = await adapter.processChecked(req.headers.authorization ?? '', activity, (context: TurnContext) => {
        context.turnState.set(TURN_REQUEST_ID, reqId);
        return bot.run(context);
      });
      res.status(result?.status ?? 200);
      if (result?.body !== undefined) res.send(result.body);
      else res.end();
    } catch (err) {
      // botbuilder's process() answered 401 for a request it did not authenticate, 500 for a token
      // jsonwebtoken refused (bad signature, expired) and anything else; a bad token is the
      // caller's fault, so it is a 401 here too. Logged, with the request id, not on the console.
      if (err instanceof AuthenticationError || isTokenError(err)) {
        log.warn({ reqId: res.locals.requestId as unknown, err: (err as Error).message }, 'Bot Framework request not authenticated');
        return sendError(res, 401, 'UNAUTHORIZED', (err as Error).message);
      }
      log.error({ reqId: res.locals.requestId as unknown, err }, 'Bot Framework request failed');
      return sendError(res, 500, 'TURN_FAILED', 'The activity could not be processed.');
    }
  };
}

/** Keeps an unauthenticated endpoint from being used to make this server POST anywhere. */
export function replyTargetAllowed(serviceUrl: string, allowed: readonly string[]): boolean {
  const host = new URL(serviceUrl).hostname;
  const loopback = host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
  return loopback || allowed.some((prefix) => serviceUrl.startsWith(prefix));
}
