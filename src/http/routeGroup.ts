/** Which limit a path counts against. Staff and machine callers get more room than pages; the
 * chat API gets enough for a tab that polls every second. */
export type RouteGroup = 'chat' | 'pages' | 'staff' | 'inbound' | 'health' | 'partner' | 'unsubscribe';

/** Case-insensitive like express's routing; the id keeps its case. */
const CONVERSATION_POST_ANY_CASE = /^\/v3\/directline\/conversations\/([^/]+)\/activities\/?$/i;

export function routeGroup(rawPath: string): RouteGroup {
  // express matches routes regardless of case: /V3/DirectLine/... reaches the chat API too.
  const path = rawPath.toLowerCase();
  if (path === '/healthz' || path === '/readyz') return 'health';
  if (path.startsWith('/v3/directline/') || path === '/v3/directline' || path.startsWith('/webchat/')) return 'chat';
  // Slack and Azure Bot Service post every workspace's and tenant's traffic from a few addresses.
  if (path.startsWith('/api/messages') || path.startsWith('/slack/')) return 'inbound';
  // A shop's backend inviting after each order, from a few addresses.
  if (path.startsWith('/api/invitations') || path.startsWith('/api/customers/')) return 'partner';
  // Mailbox providers post one-click unsubscribes for all their users from a few addresses.
  if (path.startsWith('/u/')) return 'unsubscribe';
  if (path === '/metrics' || path.startsWith('/console') || path.startsWith('/admin') || path.startsWith('/staff') || path.startsWith('/api/')) return 'staff';
  return 'pages';
}

/** The conversation a customer posts an activity to, for the per-conversation limit. */
export function postedConversation(method: string, path: string): string | undefined {
  if (method !== 'POST') return undefined;
  const id = CONVERSATION_POST_ANY_CASE.exec(path)?.[1];
  return id === undefined ? undefined : safeDecode(id);
}

function safeDecode(id: string): string {
  try {
    return decodeURIComponent(id);
  } catch {
    return id;
  }
}
