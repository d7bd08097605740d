import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ActivityHandler, Activity } from 'botbuilder';
import type { Request } from 'express';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import type { CustomerLine } from '../../bot/CustomerLine.js';
import { runTrusted } from '../../bot/trustedTurn.js';
import type { CustomerAddress } from '../../core/cases.js';
import type { HandoffEventName, HandoffEventValue } from '../../core/handoff/handoffEvents.js';
import { isSatisfyError, SatisfyError } from '../../errors.js';
import { keepAlive } from '../../http/keepAlive.js';
import { parseAppended } from '../../core/parseAppended.js';
import type { ActivityLog, ChatAppend, ChatConversation, ChatSignal, LoggedActivity } from '../../core/ports.js';
import { BOT_ACCOUNT, DIRECT_LINE_CHANNEL, type DirectLineAdapter, type UnannouncedEcho } from './DirectLineAdapter.js';
import type { DirectLineTokens, TokenClaims } from './DirectLineTokens.js';

export const DIRECT_LINE_PATH = '/v3/directline';
const STREAM_PATH = new RegExp(`^${DIRECT_LINE_PATH}/conversations/([^/]+)/stream$`);
const PAGE_SIZE = 100;
const PING_MS = 20_000;
/** A customer's typing is passed on at most this often per conversation (per instance): the
 * widget sends one every few seconds while they type; more is only noise. */
const CUSTOMER_TYPING_EVERY_MS = 1500;
/** A customer's activity is shown (announced) with its turn's replies; a turn slower than this
 * shows it on its own first, so a slow turn never hides what the customer sent. */
const ECHO_WAIT_MS = 1000;
const STORE_DOWN_TEXT = 'Your message could not be saved just now. Send it again in a moment (with the same clientActivityID); nothing is lost.';

export type Caller = { kind: 'secret' } | { kind: 'token'; claims: TokenClaims };

export type AuthResult = { ok: true; caller: Caller } | { ok: false; status: 401 | 403; code: string; message: string };

export interface DirectLineDeps {
  log: ActivityLog;
  tokens: DirectLineTokens;
  adapter: DirectLineAdapter;
  bot: ActivityHandler;
  secret: string | undefined;
  retentionMs: number;
  publicUrl: string | undefined;
  now: () => number;
  logger: Logger;
  /** A customer cannot post into a conversation whose log is this long (CONVERSATION_FULL). */
  maxActivities?: number;
  /** Open WebSocket streams per conversation on this instance; more are refused with 429. */
  maxStreams?: number;
}

/**
 * The Direct Line 3.0 behaviour shared by the REST routes, the WebSocket stream and the web chat
 * session endpoint: who is calling, conversations, posting an activity (echo, then the bot's
 * turn), the stream URL, and handoff events into a customer's chat.
 */
export class DirectLineServer implements CustomerLine {
  private readonly secretHash: Buffer | undefined;
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly openStreams = new Map<string, number>();
  /** When each conversation's customer typing was last passed on (pruned as it grows). */
  private readonly lastTyping = new Map<string, number>();

  constructor(readonly deps: DirectLineDeps) {
    this.secretHash = deps.secret ? sha256(deps.secret) : undefined;
  }

  /** No credentials: 401. A valid token for another conversation, or an expired one: 403. */
  async authenticate(authorization: string | undefined, conversationId?: string): Promise<AuthResult> {
    const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!bearer) return { ok: false, status: 401, code: 'UNAUTHORIZED', message: 'Send Authorization: Bearer <token or secret>.' };
    if (this.secretHash && timingSafeEqual(sha256(bearer), this.secretHash)) return { ok: true, caller: { kind: 'secret' } };
    const check = await this.deps.tokens.verify(bearer);
    if (!check.ok) {
      return check.reason === 'expired'
        ? { ok: false, status: 403, code: 'TOKEN_EXPIRED', message: 'The token has expired; get a new one with POST /tokens/refresh before it expires, or start again.' }
        : { ok: false, status: 401, code: 'UNAUTHORIZED', message: 'The token or secret is not valid.' };
    }
    if (conversationId !== undefined && check.claims.conversationId !== conversationId) {
      return { ok: false, status: 403, code: 'FORBIDDEN', message: 'This token belongs to another conversation.' };
    }
    return { ok: true, caller: { kind: 'token', claims: check.claims } };
  }

  /** Opens (or finds) a conversation; returns it and whether it is new. */
  async openConversation(id: string, userId: string, locale?: string): Promise<{ conversation: ChatConversation; created: boolean }> {
    // Created first, read only if it was there: a new chat (a random id) costs one write, no read.
    const conversation: ChatConversation = { id, userId, createdAt: new Date(this.deps.now()).toISOString(), ...(locale ? { locale } : {}) };
    if (await this.deps.log.createConversation(conversation, this.deps.retentionMs)) return { conversation, created: true };
    const existing = await this.deps.log.getConversation(id);
    return { conversation: existing ?? conversation, created: !existing };
  }

  streamUrl(req: Request, conversationId: string, token: string, watermark?: number): string {
    const base = (this.deps.publicUrl ?? `${req.protocol}://${req.get('host')}`).replace(/^http/, 'ws');
    const query = new URLSearchParams({ t: token, ...(watermark !== undefined ? { watermark: String(watermark) } : {}) });
    return `${base}${DIRECT_LINE_PATH}/conversations/${encodeURIComponent(conversationId)}/stream?${query}`;
  }

  /**
   * Keeps the customer's activity (echoed back with its id, as Direct Line does), then runs the
   * bot's turn. The echo reaches the streams with the turn's replies, in one announcement and
   * one frame (on its own after ECHO_WAIT_MS, or after the turn when it sent nothing or
   * failed). A repeated clientActivityID (a client retrying) returns the first id and runs
   * the turn again: the bot drops a turn that completed and finishes one that did not (its
   * replies already in the log are not added twice), and the echo is announced again, so a
   * resend after a store fault always gets its answer and its echo. A turn the store failed
   * throws STORE_UNAVAILABLE (503), so the client retries with the same clientActivityID.
   */
  async post(
    conversation: Pick<ChatConversation, 'id' | 'userId'>,
    incoming: Record<string, unknown> & { from?: Record<string, unknown>; channelData?: { clientActivityID?: string } },
    baseUrl: string,
  ): Promise<string> {
    const clientActivityId = incoming.channelData?.clientActivityID;
    const { activity, duplicate } = await this.deps.log.append(
      conversation.id,
      {
        ...incoming,
        from: { ...(incoming.from ?? {}), id: conversation.userId, role: 'user' },
        // A copy: the activity comes back as it was sent (numbered) and goes into the turn.
        recipient: { ...BOT_ACCOUNT },
        conversation: { id: conversation.id },
        channelId: DIRECT_LINE_CHANNEL,
        serviceUrl: baseUrl,
        timestamp: new Date(this.deps.now()).toISOString(),
      },
      { ttlMs: this.deps.retentionMs, maxActivities: this.deps.maxActivities, announce: false, ...(clientActivityId ? { clientActivityId } : {}) },
    );
    if (duplicate) this.deps.logger.debug({ conversationId: conversation.id, activityId: activity.id }, 'client resent an activity; finishing its turn if it did not finish');
    // A message sent ends its "typing": the first keystroke of the next one is passed on at
    // once, as the widget sends it, instead of being taken for part of the last burst.
    this.lastTyping.delete(conversation.id);
    const echo: UnannouncedEcho = { from: seqOf(activity.id) - 1, pending: true };
    const announceEcho = () => {
      echo.pending = false;
      return this.deps.log.announce(conversation.id, echo.from);
    };
    const slow = setTimeout(() => void announceEcho().catch(() => undefined), ECHO_WAIT_MS);
    try {
      await this.runTurn(activity, echo);
    } catch (err) {
      // The client resends (the store failed) and hears the echo then, if not now.
      if (echo.pending) await announceEcho().catch(() => undefined);
      throw err;
    } finally {
      clearTimeout(slow);
    }
    if (echo.pending) {
      try {
        await announceEcho();
      } catch (err) {
        if (!isSatisfyError(err, 'STORE_UNAVAILABLE')) throw err;
        throw new SatisfyError('STORE_UNAVAILABLE', STORE_DOWN_TEXT, { cause: err });
      }
    }
    return activity.id;
  }

  /**
   * A server-side activity (a survey start from an invitation) that is not shown in the chat.
   * A store fault is not told to the customer in the chat (the log is in the same store, and
   * the client retries): it is thrown as STORE_UNAVAILABLE for the caller to answer 503.
   * Other errors get the adapter's polite message.
   */
  async runTurn(activity: Partial<Activity> | LoggedActivity, echo?: UnannouncedEcho): Promise<void> {
    let storeDown: unknown;
    await this.deps.adapter.process(
      activity as Partial<Activity>,
      async (context) => {
        try {
          await this.deps.bot.run(context);
        } catch (err) {
          if (!isSatisfyError(err, 'STORE_UNAVAILABLE')) throw err;
          storeDown = err;
        }
      },
      echo,
    );
    if (storeDown) {
      this.deps.logger.warn({ err: (storeDown as Error).message, conversationId: (activity.conversation as { id?: string } | undefined)?.id }, 'web chat turn failed: store unavailable; the client will resend');
      throw new SatisfyError('STORE_UNAVAILABLE', STORE_DOWN_TEXT, { cause: storeDown });
    }
  }

  /** A handoff event into a customer's chat, as a turn the server itself runs. */
  async deliverEvent(address: CustomerAddress, name: HandoffEventName, value: HandoffEventValue, id: string): Promise<void> {
    const activity: Partial<Activity> = {
      type: 'event',
      name,
      value,
      id,
      channelId: DIRECT_LINE_CHANNEL,
      conversation: { id: address.conversationId, isGroup: false, conversationType: 'personal', name: '' },
      from: { id: address.userId, name: '', role: 'user' },
      recipient: BOT_ACCOUNT,
      serviceUrl: address.serviceUrl ?? '',
      timestamp: new Date(this.deps.now()),
    };
    await this.deps.adapter.process(activity, runTrusted((context) => this.deps.bot.run(context)));
  }

  /**
   * The customer is typing (a `typing` activity they posted): told to whoever watches the
   * conversation (an agent's console, on any instance), never kept in the log or run as a turn.
   */
  async customerTyping(conversation: Pick<ChatConversation, 'id' | 'userId'>): Promise<void> {
    const now = this.deps.now();
    if (now - (this.lastTyping.get(conversation.id) ?? -Infinity) < CUSTOMER_TYPING_EVERY_MS) return;
    if (this.lastTyping.size > 10_000) for (const [id, at] of this.lastTyping) if (now - at >= CUSTOMER_TYPING_EVERY_MS) this.lastTyping.delete(id);
    this.lastTyping.set(conversation.id, now);
    await this.deps.log.signal(conversation.id, { type: 'typing', from: { id: conversation.userId, role: 'user' } });
  }

  /** The agent with the customer is typing: a Direct Line `typing` activity on the customer's
   * stream (every instance's), kept nowhere, so a reload or the polling catch-up never shows it. */
  async showTyping(address: CustomerAddress, agentName?: string): Promise<boolean> {
    await this.deps.log.signal(address.conversationId, { type: 'typing', from: { id: BOT_ACCOUNT.id, name: agentName ?? BOT_ACCOUNT.name, role: 'bot' } });
    return true;
  }

  async watchTyping(address: CustomerAddress, listener: () => void): Promise<() => Promise<void>> {
    return this.deps.log.subscribe(address.conversationId, (signal) => {
      if (signal?.type === 'typing' && signal.from.role === 'user') listener();
    });
  }

  /** Serves the streamUrl WebSocket: what is past the watermark at once, then every new
   * activity. False when the request is for another path (someone else's upgrade). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = STREAM_PATH.exec(url.pathname);
    if (!match) return false;
    const conversationId = decodeOrUndefined(match[1]!);
    if (conversationId === undefined) {
      refuse(socket, 400);
      return true;
    }
    const token = url.searchParams.get('t') ?? '';
    const authorization = req.headers.authorization ?? (token ? `Bearer ${token}` : undefined);
    void this.authenticate(authorization, conversationId).then(async (auth) => {
      if (!auth.ok) return refuse(socket, auth.status);
      const conversation = await this.deps.log.getConversation(conversationId).catch(() => undefined);
      if (!conversation) return refuse(socket, 404);
      const watermark = Number.parseInt(url.searchParams.get('watermark') ?? '0', 10);
      if (!this.reserveStream(conversationId, socket)) return refuse(socket, 429);
      this.wss.handleUpgrade(req, socket, head, (ws) => void this.stream(ws, conversationId, Number.isNaN(watermark) ? 0 : watermark));
    });
    return true;
  }

  /** Counts a stream against its conversation until its socket closes (however it ends). */
  private reserveStream(conversationId: string, socket: Duplex): boolean {
    const open = this.openStreams.get(conversationId) ?? 0;
    if (open >= (this.deps.maxStreams ?? Infinity)) return false;
    this.openStreams.set(conversationId, open + 1);
    socket.once('close', () => {
      const left = (this.openStreams.get(conversationId) ?? 1) - 1;
      if (left > 0) this.openStreams.set(conversationId, left);
      else this.openStreams.delete(conversationId);
    });
    return true;
  }

  private async stream(ws: WebSocket, conversationId: string, from: number): Promise<void> {
    let watermark = Math.max(0, from);
    let sending = Promise.resolve();
    /** A flush is waiting its turn and has not read yet: it will see every append announced
     * meanwhile, so a gap (or an older instance's announcements) costs one read, not one each. */
    let flushWaiting = false;
    const read = async () => {
      for (;;) {
        if (ws.readyState !== ws.OPEN) return;
        const page = await this.deps.log.since(conversationId, watermark, PAGE_SIZE);
        if (page.activities.length === 0) return;
        watermark = page.watermark;
        ws.send(JSON.stringify({ activities: page.activities, watermark: String(watermark) }));
      }
    };
    const closeOnFault = (err: unknown) => {
      this.deps.logger.warn({ err: (err as Error).message, conversationId }, 'web chat stream could not read the log; closing it so the client reconnects');
      ws.close(1011, 'store unavailable');
    };
    const flush = () => {
      if (flushWaiting) return;
      flushWaiting = true;
      sending = sending
        .then(() => {
          flushWaiting = false;
          return read();
        })
        .catch(closeOnFault);
    };
    /** Appended activities as announced, sent as they are when they follow what was sent: the
     * usual case, with no read of the log and the announced JSON passed on as it is (no parse,
     * no stringify). What was sent already (by a read that found it) is dropped; a gap (an
     * announcement missed, or overtaken on a Cluster) is read from the log, which sends
     * everything up to now in order. */
    const deliver = (appended: ChatAppend) => {
      sending = sending
        .then(() => {
          const after = appended.watermark;
          if (ws.readyState !== ws.OPEN || after <= watermark) return;
          const first = after - appended.count + 1;
          if (first > watermark + 1) return read();
          const frame = first === watermark + 1 ? `{"activities":${appended.json},"watermark":"${after}"}` : JSON.stringify({ activities: parseAppended(appended).slice(watermark + 1 - first), watermark: String(after) });
          watermark = after;
          ws.send(frame);
        })
        .catch(closeOnFault);
    };
    /** A typing activity from the other side, in order with what is being sent, at the watermark
     * already sent (it adds nothing to the log, so it moves nothing). */
    const pass = (signal: ChatSignal) => {
      sending = sending.then(() => {
        if (ws.readyState !== ws.OPEN) return;
        const activity = { type: signal.type, from: signal.from, conversation: { id: conversationId }, channelId: DIRECT_LINE_CHANNEL, timestamp: new Date(this.deps.now()).toISOString() };
        ws.send(JSON.stringify({ activities: [activity], watermark: String(watermark) }));
      }).catch(() => undefined);
    };
    let unsubscribe: (() => Promise<void>) | undefined;
    keepAlive(ws, PING_MS);
    ws.on('close', () => void unsubscribe?.());
    ws.on('message', () => {
      // Direct Line streams are one-way; clients post activities over REST.
    });
    try {
      // The customer's own typing is for the agent's eyes, not echoed back to them.
      unsubscribe = await this.deps.log.subscribe(conversationId, (signal, appended) => {
        if (signal) return void (signal.from.role === 'bot' && pass(signal));
        if (appended) deliver(appended);
        else flush();
      });
      if (ws.readyState !== ws.OPEN) await unsubscribe();
    } catch {
      ws.close(1011, 'store unavailable');
      return;
    }
    flush();
  }

  close(): void {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }
}

export function refuse(socket: Duplex, status: number, retryAfterSeconds?: number): void {
  const text = status === 400 ? 'Bad Request' : status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : status === 429 ? 'Too Many Requests' : 'Not Found';
  const retry = status === 429 ? `Retry-After: ${retryAfterSeconds ?? 60}\r\n` : '';
  socket.end(`HTTP/1.1 ${status} ${text}\r\n${retry}Connection: close\r\nContent-Length: 0\r\n\r\n`);
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Ids customers never type: conversations and users are named by 16 random bytes. */
export function randomId(prefix: string): string {
  return `${prefix}${randomBytes(16).toString('base64url')}`;
}

/** The watermark after an activity: the number its id ends with. */
function seqOf(activityId: string): number {
  return Number(activityId.slice(activityId.lastIndexOf('|') + 1));
}

/** A path segment with a malformed percent-escape is the client's mistake (400), not a crash. */
function decodeOrUndefined(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
