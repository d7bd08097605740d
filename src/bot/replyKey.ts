import type { Activity } from 'botbuilder';

/**
 * Names a reply after the turn it answers and its place in that turn ("<activity id>~0"), so a
 * channel that keeps replies (the web chat's activity log) can drop one it already has when a
 * turn is run again after a fault. A symbol, because botbuilder deletes `id` from outgoing
 * activities and copies symbol-keyed properties; it never reaches the wire.
 */
export const REPLY_KEY = Symbol('satisfy.replyKey');

export type KeyedActivity = Partial<Activity> & { [REPLY_KEY]?: string };

export function replyKeyOf(activity: Partial<Activity>): string | undefined {
  return (activity as KeyedActivity)[REPLY_KEY];
}

/**
 * Set in turnState by adapters whose channel keeps replies and drops one it already has (the
 * web chat's log): only there may a turn's replies be sent again when its activity comes back.
 * Elsewhere (Bot Framework connectors, Slack) a redelivered activity is never answered twice.
 */
export const IDEMPOTENT_REPLIES = Symbol('satisfy.idempotentReplies');
