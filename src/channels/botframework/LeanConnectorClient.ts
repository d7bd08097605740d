import http from 'node:http';
import https from 'node:https';
import type { Activity, ResourceResponse } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import type { ReplyTransport } from './ReplyTransport.js';

/** What botbuilder's credentials need to sign a request (core-http's WebResource, reduced to
 * its headers): every credential type (password, certificate, managed identity, federated, the
 * empty one) signs through this. */
interface Signable {
  headers: { set(name: string, value: string): void };
}
export interface ReplyCredentials {
  signRequest(resource: Signable): Promise<unknown>;
}

/** The Activity fields the Bot Framework REST API defines (botframework-connector's Activity
 * mapper): the only ones its ConnectorClient sent, so an activity never carries our own
 * properties to a channel. */
const ACTIVITY_FIELDS = [
  'type', 'id', 'timestamp', 'localTimestamp', 'localTimezone', 'callerId', 'serviceUrl', 'channelId', 'from', 'conversation', 'recipient',
  'textFormat', 'attachmentLayout', 'membersAdded', 'membersRemoved', 'reactionsAdded', 'reactionsRemoved', 'topicName', 'historyDisclosed',
  'locale', 'text', 'speak', 'inputHint', 'summary', 'suggestedActions', 'attachments', 'entities', 'channelData', 'action', 'replyToId',
  'label', 'valueType', 'value', 'name', 'relatesTo', 'code', 'expiration', 'importance', 'deliveryMode', 'listenFor', 'textHighlights',
  'semanticAction',
] as const;

/** The operations of botframework-connector's Conversations that botbuilder's CloudAdapter calls
 * on every turn; anything else goes to the full client. */
const LEAN = new Set(['replyToActivity', 'sendToConversation', 'updateActivity', 'deleteActivity']);
const RETRIES = 3;
const MAX_RETRY_DELAY_MS = 64_000;
const USER_AGENT = 'Microsoft-BotFramework/3.1 botframework-connector/4.23.3 satisfy';
const PRINTABLE = /^[\x20-\x7e]*$/;

/** A connector's answer that was not a success, after any retries. */
export class ConnectorError extends Error {
  override readonly name = 'ConnectorError';
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A Bot Framework connector client for one service URL, kept for the life of the process: the
 * four operations a turn uses (reply, send, update, delete) go straight over a keep-alive socket
 * as JSON, instead of botbuilder building a ConnectorClient and its whole request pipeline every
 * turn. The same guarantees as that pipeline: the credentials botbuilder made sign every
 * attempt (a token that expired is fetched again), each attempt times out, and the same retries
 * (up to 3: refused or reset connections, 408 and 5xx but 501 and 505, 429 and 503 after their
 * Retry-After). A final failure throws, so the turn fails loudly instead of losing a reply.
 */
export class LeanConnectorClient {
  readonly conversations: Record<string, (...args: never[]) => Promise<unknown>>;
  /** Parsed once: a reply's request is made from these, not from a URL parsed per reply. */
  private readonly target: { protocol: string; hostname: string; port: string; origin: string; basePath: string };
  private readonly agent: http.Agent;

  constructor(
    serviceUrl: string,
    readonly credentials: ReplyCredentials,
    private readonly transport: ReplyTransport,
    /** The full botbuilder client, for the operations this one leaves out. */
    private readonly full: ConnectorClient,
  ) {
    const base = new URL(serviceUrl.endsWith('/') ? serviceUrl : `${serviceUrl}/`);
    // The hostname as http.request wants it: an IPv6 address without its brackets.
    const hostname = base.hostname.startsWith('[') ? base.hostname.slice(1, -1) : base.hostname;
    this.target = { protocol: base.protocol, hostname, port: base.port, origin: base.origin, basePath: base.pathname };
    this.agent = transport.agentFor(base);
    const conversations: Record<string, (...args: never[]) => Promise<unknown>> = {
      replyToActivity: (conversationId: string, activityId: string, activity: Partial<Activity>) =>
        this.send('POST', conversationId, `v3/conversations/${enc(conversationId)}/activities/${enc(activityId)}`, activity),
      sendToConversation: (conversationId: string, activity: Partial<Activity>) =>
        this.send('POST', conversationId, `v3/conversations/${enc(conversationId)}/activities`, activity),
      updateActivity: (conversationId: string, activityId: string, activity: Partial<Activity>) =>
        this.send('PUT', conversationId, `v3/conversations/${enc(conversationId)}/activities/${enc(activityId)}`, activity),
      deleteActivity: async (conversationId: string, activityId: string) => {
        await this.send('DELETE', conversationId, `v3/conversations/${enc(conversationId)}/activities/${enc(activityId)}`);
      },
    };
    const fullConversations = full.conversations as unknown as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(Object.getPrototypeOf(fullConversations))) {
      if (name === 'constructor' || LEAN.has(name) || typeof fullConversations[name] !== 'function') continue;
      conversations[name] = (...args: never[]) => (fullConversations[name] as (...a: never[]) => Promise<unknown>).apply(fullConversations, args);
    }
    this.conversations = conversations;
  }

  /** Attachments and anything else a ConnectorClient has: botbuilder's own. */
  get attachments(): ConnectorClient['attachments'] {
    return this.full.attachments;
  }

  /** botbuilder's type for what a ConnectorFactory makes; the adapter only uses `conversations`. */
  asConnectorClient(): ConnectorClient {
    return this as unknown as ConnectorClient;
  }

  private async send(method: string, conversationId: string, path: string, activity?: Partial<Activity>): Promise<ResourceResponse> {
    // The ids in the path are percent-encoded (enc), so the base path and the path just join.
    const fullPath = this.target.basePath + path;
    const body = activity === undefined ? undefined : JSON.stringify(pickActivity(activity));
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { accept: '*/*', 'user-agent': USER_AGENT };
      if (body !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
      // Bot Framework routes by it; an id no header may carry is still in the path.
      if (PRINTABLE.test(conversationId)) headers['x-ms-conversation-id'] = conversationId;
      await this.credentials.signRequest({ headers: { set: (name, value) => void (headers[name.toLowerCase()] = value) } });
      let wait: number | undefined;
      try {
        const answer = await this.request(method, fullPath, headers, body);
        if (answer.status >= 200 && answer.status < 300) return parseBody(answer.body);
        wait = attempt < RETRIES ? retryDelay(answer, attempt, this.transport.retryDelayMs) : undefined;
        if (wait === undefined) throw new ConnectorError(answer.status, `Bot Framework connector answered ${answer.status} to ${this.where(method, fullPath)}: ${answer.body.slice(0, 300)}`);
      } catch (err) {
        if (err instanceof ConnectorError || attempt >= RETRIES || !isSystemError(err)) throw err;
        wait = backoff(attempt, this.transport.retryDelayMs);
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  /** Names a request in an error: made only for one. */
  private where(method: string, path: string): string {
    return `${method} ${this.target.origin}${path}`;
  }

  private request(method: string, path: string, headers: Record<string, string>, body: string | undefined): Promise<Answer> {
    return new Promise<Answer>((resolve, reject) => {
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      const { protocol, hostname, port } = this.target;
      const options = { protocol, hostname, port, path, method, headers, agent: this.agent };
      const req = (protocol === 'https:' ? https : http).request(options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', fail);
        // A connection cut in the middle of the answer: no 'end', and maybe no 'error' either. Not
        // retried: the connector had begun to answer, so it may have taken the reply.
        res.on('close', () => {
          if (!res.complete) fail(Object.assign(new Error('Bot Framework connector closed the connection before its answer was complete'), { code: 'ECONNABORTED' }));
        });
      });
      function fail(err: Error): void {
        clearTimeout(timer);
        reject(err);
      }
      // The whole exchange, not only an idle socket: a connector that trickles never ends a turn.
      const timer = setTimeout(() => {
        const err = new Error(`Bot Framework connector request timed out after ${this.transport.timeoutMs} ms (aborted): ${this.where(method, path)}`);
        err.name = 'TimeoutError';
        req.destroy(err);
      }, this.transport.timeoutMs);
      req.on('error', fail);
      req.end(body);
    });
  }
}

function enc(value: string): string {
  return encodeURIComponent(value);
}

function pickActivity(activity: Partial<Activity>): Record<string, unknown> {
  const source = activity as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of ACTIVITY_FIELDS) {
    const value = source[field];
    if (value !== undefined) out[field] = value;
  }
  return out;
}

function parseBody(body: string): ResourceResponse {
  if (!body) return {} as ResourceResponse;
  try {
    return JSON.parse(body) as ResourceResponse;
  } catch {
    return {} as ResourceResponse;
  }
}

/** The errors of a request that never got an answer, retried as the pipeline did. A timeout is
 * not among them: the connector may have taken the reply, and a retry would show it twice. */
function isSystemError(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === 'ECONNRESET' || code === 'ECONNREFUSED' || code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT' || code === 'ENOTFOUND' || code === 'ENOENT';
}

/** When to try again after an answer, or undefined for a final one. */
function retryDelay(answer: Answer, attempt: number, baseMs: number): number | undefined {
  if (answer.status === 429 || answer.status === 503) {
    const after = retryAfterMs(answer.headers);
    if (after !== undefined) return after;
  }
  const { status } = answer;
  if (status === 408 || (status >= 500 && status !== 501 && status !== 505)) return backoff(attempt, baseMs);
  return undefined;
}

function retryAfterMs(headers: http.IncomingHttpHeaders): number | undefined {
  const ms = Number(headers['retry-after-ms'] ?? headers['x-ms-retry-after-ms']);
  if (Number.isFinite(ms) && ms >= 0) return Math.min(ms, MAX_RETRY_DELAY_MS);
  const value = headers['retry-after'];
  if (value === undefined || value === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_RETRY_DELAY_MS);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.min(Math.max(0, date - Date.now()), MAX_RETRY_DELAY_MS) : undefined;
}

/** Exponential, with jitter, as the pipeline's exponentialRetryStrategy. */
function backoff(attempt: number, baseMs: number): number {
  const exponential = Math.min(baseMs * 2 ** attempt, MAX_RETRY_DELAY_MS);
  return exponential / 2 + Math.random() * (exponential / 2);
}
