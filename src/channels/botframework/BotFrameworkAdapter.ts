import { CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { LeanBotFrameworkAuthentication } from './LeanBotFrameworkAuthentication.js';
import type { ReplyTransport } from './ReplyTransport.js';

/**
 * botbuilder's CloudAdapter, given an activity /api/messages has already checked: its process()
 * would parse the request body with zod twice more and the response object once, on every turn.
 * Authentication, the turn and its results are botbuilder's own (processActivity).
 */
export class BotFrameworkAdapter extends CloudAdapter {
  constructor(
    auth: LeanBotFrameworkAuthentication,
    private readonly transport: ReplyTransport,
  ) {
    super(auth);
  }

  /** Runs the turn for a checked activity; throws botbuilder's AuthenticationError for a request
   * that is not authenticated when an app id is set. */
  processChecked(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    fixTimestamps(activity);
    return this.processActivity(authHeader, activity, logic);
  }

  /** Closes the idle reply sockets. */
  close(): void {
    this.transport.close();
  }
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
