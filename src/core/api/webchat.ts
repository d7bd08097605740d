/**
 * The web chat API as the customer's widget (web/widget) sees it: what it sends to
 * POST /webchat/session and the subset of Direct Line 3.0 it reads. Types only; the server's
 * routes (src/channels/directline) answer with these same types, so a change on either side
 * breaks the type check of the other.
 */
import type { Output } from '../outputs.js';

/** The body of POST /webchat/session. */
export interface WebchatSessionRequest {
  /** A signed invite token (data-invite). */
  invite?: string;
  /** An explicit locale (data-locale, /chat?locale=). */
  locale?: string;
  /** The browser's navigator.languages, best first, then the host page's language. */
  languages?: string[];
  /** Continue this conversation instead of starting one. */
  resume?: { conversationId: string; token: string };
}

/** The answer to POST /webchat/session: a conversation and a Direct Line token for it. */
export interface WebchatSession {
  conversationId: string;
  token: string;
  /** Seconds the token lives; the widget refreshes it at half that. */
  expiresIn: number;
  /** The WebSocket to read the conversation from. */
  streamUrl: string;
  /** The Direct Line base URL, e.g. https://host/v3/directline. */
  domain: string;
  /** The conversation's locale: the widget's own strings follow it. */
  locale: string;
  /** The customer's Direct Line user id (the `from.id` of their messages). */
  userId: string;
}

/** POST /tokens/refresh and GET /conversations/:id (which also hands out a fresh streamUrl). */
export interface DirectLineTokenAnswer {
  conversationId: string;
  token: string;
  expires_in: number;
  streamUrl?: string;
}

/** How a survey ended, on its last message (Output `end`). */
export type WebchatEnd = NonNullable<Extract<Output, { type: 'message' }>['end']>;

/** The part of a Direct Line activity the widget reads. */
export interface WebchatActivity {
  id?: string;
  type: string;
  name?: string;
  text?: string;
  from?: { id?: string; role?: string };
  replyToId?: string;
  channelData?: {
    /** Set by the widget on what it sends; its echo is matched by it. */
    clientActivityID?: string;
    /** The engine's output behind a bot message: questions are drawn with controls from it. */
    satisfy?: Output;
  };
  value?: unknown;
}

/** GET /conversations/:id/activities and every WebSocket message. */
export interface WebchatActivitySet {
  activities: WebchatActivity[];
  watermark?: string;
}

/** What the widget POSTs to /conversations/:id/activities. */
export interface WebchatOutgoing {
  type: 'message';
  from: { id: string };
  locale: string;
  text: string;
  value?: WebchatAnswerValue;
  channelData: { clientActivityID: string };
}

/** A typing indicator the widget posts while the customer types (passed to an agent, kept nowhere). */
export interface WebchatTyping {
  type: 'typing';
  from: { id: string };
}

/** The `value` of a widget message: a button answer, a skip, or asking for a person. */
export type WebchatAnswerValue =
  | { satisfy: { questionId: string; answer: string | string[] } }
  | { satisfy: { questionId: string; skip: true } }
  | { satisfy: { action: 'human' } };

/** The answer to POST /conversations/:id/activities. */
export interface WebchatPostAnswer {
  id: string;
}
