/**
 * A canned reply agents pick in the console: a title and a text per locale, the text with
 * placeholders ({name}, {orderId}) the console fills from the case before it goes in the reply
 * box. Admins keep the list in a file (CANNED_REPLIES_FILE; docs/agent-guide.md).
 */
export interface CannedReply {
  id: string;
  /** Per locale ('en', 'es', 'zh-CN', ...): what the agent sees in the picker. */
  title: Record<string, string>;
  /** Per locale: the reply, in the customer's language. */
  text: Record<string, string>;
}

/** The placeholders a canned reply may use, and where their values come from. */
export const CANNED_PLACEHOLDERS = ['name', 'orderId', 'customerId', 'agent'] as const;
