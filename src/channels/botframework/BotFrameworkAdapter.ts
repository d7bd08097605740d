import { BotCallbackHandlerKey, CloudAdapter, INVOKE_RESPONSE_KEY, TurnContext, type Activity, type InvokeResponse, type ResourceResponse } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import type { LeanBotFrameworkAuthentication } from './LeanBotFrameworkAuthentication.js';
import type { ReplyTransport } from './ReplyTransport.js';

/**
 * botbuilder's CloudAdapter, given an activity /api/messages has already checked: its process()
 * would parse the request body with zod twice more and the response object once, on every turn.
 * Authentication, the middleware, onTurnError and sending are botbuilder's own.
 */
export class BotFrameworkAdapter extends CloudAdapter {
  constructor(
    private readonly auth: LeanBotFrameworkAuthentication,
    private readonly transport: ReplyTransport,
  ) {
    super(auth);
  }

  /** Runs the turn for a checked activity; throws botbuilder's AuthenticationError for a request
   * that is not authenticated when an app id is set. */
  processChecked(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    fixTimestamps(activity);
    return this.processLean(authHeader, activity, logic);
  }

  /**
   * CloudAdapter's processActivity, step for step, with what differs per turn only made per
   * turn: the request is authenticated by botbuilder as before, but the connector client, its
   * factory and the (lazy) user-token client are the ones kept for the caller's app id, and it
   * runs as native async code instead of botbuilder's generator-based __awaiter (each await of
   * which allocated a generator and promises).
   */
  private async processLean(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    const auth = await this.auth.authenticateRequest(activity, authHeader);
    activity.callerId = auth.callerId as string;
    const connectorClient = await auth.connectorFactory?.create(activity.serviceUrl, auth.audience);
    if (!connectorClient) throw new Error('Unable to extract ConnectorClient from turn context.');
    const context = new TurnContext(this, activity);
    const { turnState } = context;
    turnState.set(this.BotIdentityKey, auth.claimsIdentity);
    turnState.set(this.ConnectorClientKey, connectorClient);
    turnState.set(this.UserTokenClientKey, this.auth.userTokenClientFor(auth.claimsIdentity));
    turnState.set(BotCallbackHandlerKey, logic);
    turnState.set(this.ConnectorFactoryKey, auth.connectorFactory);
    turnState.set(this.OAuthScopeKey, auth.audience);
    await this.runMiddleware(context, logic);
    return turnResults(context);
  }

  /** CloudAdapter's sendActivities, as native async code (botbuilder's runs each reply through
   * a generator): the same order, the same handling of delays, invoke responses and traces. */
  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    if (!context) throw new TypeError('`context` parameter required');
    if (!activities) throw new TypeError('`activities` parameter required');
    if (!activities.length) throw new Error('Expecting one or more activities, but the array was empty.');
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      delete activity.id;
      let response: ResourceResponse | undefined;
      if (activity.type === 'delay') {
        await new Promise((resolve) => setTimeout(resolve, typeof activity.value === 'number' ? activity.value : 1000));
      } else if (activity.type === 'invokeResponse') {
        context.turnState.set(INVOKE_RESPONSE_KEY, activity);
      } else if (activity.type !== 'trace' || activity.channelId === 'emulator') {
        const client = context.turnState.get(this.ConnectorClientKey) as ConnectorClient | undefined;
        if (!client) throw new Error('Unable to extract ConnectorClient from turn context.');
        const conversationId = activity.conversation!.id;
        response = activity.replyToId
          ? await client.conversations.replyToActivity(conversationId, activity.replyToId, activity as Activity)
          : await client.conversations.sendToConversation(conversationId, activity as Activity);
      }
      responses.push(response ?? { id: activity.id ?? '' });
    }
    return responses;
  }

  /** Closes the idle reply sockets. */
  close(): void {
    this.transport.close();
  }
}

/** What CloudAdapter's processTurnResults answers: the buffered replies of an ExpectReplies
 * turn, an invoke's response (501 when nothing answered it), else nothing. */
function turnResults(context: TurnContext): InvokeResponse | undefined {
  const { activity } = context;
  if (activity.deliveryMode === 'expectReplies') return { status: 200, body: { activities: context.bufferedReplyActivities } };
  if (activity.type === 'invoke') {
    const response = context.turnState.get(INVOKE_RESPONSE_KEY) as { value?: InvokeResponse } | undefined;
    return response ? response.value : { status: 501 };
  }
  return undefined;
}

/** As botbuilder's validateAndFixActivity: timestamps arrive as strings and are read as Dates,
 * the strings kept. */
function fixTimestamps(activity: Activity): void {
  const raw = activity as Activity & Record<string, unknown>;
  for (const [field, keep] of [['timestamp', 'rawTimestamp'], ['expiration', 'rawExpiration'], ['localTimestamp', 'rawLocalTimestamp']] as const) {
    const value = raw[field];
    if (typeof value === 'string') {
      raw[keep] = value;
      raw[field] = new Date(value) as never;
    }
  }
}

/** jsonwebtoken's errors for a token that is forged, malformed, expired or not yet valid:
 * botbuilder lets them through its authentication as they are (its own process() answered 500). */
export function isTokenError(err: unknown): boolean {
  const name = (err as { name?: unknown } | undefined)?.name;
  return name === 'JsonWebTokenError' || name === 'TokenExpiredError' || name === 'NotBeforeError';
}
