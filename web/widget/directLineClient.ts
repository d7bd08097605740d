/**
 * The widget's connection to the server: POST /webchat/session to start or resume, then Direct
 * Line 3.0: the WebSocket stream, catching up with GET …/activities?watermark=, posting the
 * customer's messages and refreshing the token. It keeps going through dropped sockets (backoff,
 * then polling, see reconnect.ts), an expired token (refresh, else resume, else a new session)
 * and a page that is left and restored (bfcache). What it reads goes to `onActivities`, new
 * ones only; what the customer should know goes to `onStatus`.
 */
import type {
  DirectLineTokenAnswer,
  WebchatActivity,
  WebchatActivitySet,
  WebchatOutgoing,
  WebchatTyping,
  WebchatPostAnswer,
  WebchatSession,
  WebchatSessionRequest,
} from '../../src/core/api/webchat.js';
import { ActivityDedupe, mergeWatermark } from './activities.js';
import type { PostResult } from './outbox.js';
import { afterSocketLoss, backoff, HEALTHY_AFTER_MS, OPEN_TIMEOUT_MS, POLL_INTERVAL_MS, type Random } from './reconnect.js';
import type { SavedConversation, SessionStore } from './sessionStore.js';

export type StatusKey = '' | 'connecting' | 'reconnecting' | 'unavailable';

/** The conversation the widget is in. */
export interface Session {
  conversationId: string;
  token: string;
  userId: string;
  /** The Direct Line base URL, without a trailing slash. */
  domain: string;
  locale: string;
}

export interface ClientDeps {
  /** The server's base URL, ending with "/". */
  base: string;
  /** What every POST /webchat/session says besides `resume`. */
  request: Omit<WebchatSessionRequest, 'resume'>;
  store: SessionStore;
  random: Random;
  /** New activities, in order, each once. */
  onActivities(activities: WebchatActivity[]): void;
  onStatus(key: StatusKey): void;
  /** A session began (first start, resume, or a new one after a refused resume); `answer` is the server's. */
  onSession(session: Session, answer: WebchatSession): void;
  /** The session cannot be had (a bad or expired invite, another 4xx): `code` is the server's. */
  onFatal(code: string | undefined): void;
}

interface Answer<T> {
  status: number;
  ok: boolean;
  data: T | null;
}

/** Pages of the catch-up: a long conversation may not come in one answer. */
const MAX_CATCH_UP_PAGES = 20;
const FULL_PAGE = 100;
const REQUEST_TIMEOUT_MS = 20_000;
/** setTimeout's largest delay. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function validSession(d: unknown): d is WebchatSession {
  if (!d || typeof d !== 'object') return false;
  const s = d as Partial<WebchatSession>;
  return !!s.conversationId && !!s.token && !!s.domain;
}

export class DirectLineClient {
  private sess: Session | null = null;
  private started = false;
  /** The page is being left (pagehide): no sending, no reconnecting. */
  private stopped = false;
  private status: StatusKey = '';
  private watermark = '';
  private readonly dedupe = new ActivityDedupe();
  private sock: WebSocket | null = null;
  private wsFails = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private socketRetryTimer: ReturnType<typeof setTimeout> | undefined;
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private refreshDue = Infinity;
  private refreshing: Promise<boolean> | null = null;
  private catching: Promise<boolean> | null = null;
  /** Stream messages that came during a catch-up, applied after it in order. */
  private held: unknown[] = [];

  constructor(private readonly deps: ClientDeps) {}

  get session(): Session | null {
    return this.sess;
  }

  get isStarted(): boolean {
    return this.started;
  }

  /** Whether a message can be posted now. */
  get canSend(): boolean {
    return !!this.sess && !this.stopped;
  }

  /** Starts (or resumes) the conversation, once. */
  start(): void {
    if (this.started) return;
    this.started = true;
    void this.startSession(0);
  }

  /** Posts the customer's message; the answer's id is not drawn again when its echo comes. */
  async post(activity: Omit<WebchatOutgoing, 'from'>): Promise<PostResult> {
    const sess = this.sess;
    if (!sess) return { ok: false, status: 0 };
    const r = await this.authed<WebchatPostAnswer>('POST', `${this.convPath()}/activities`, { ...activity, from: { id: sess.userId } });
    if (!r.ok) return { ok: false, status: r.status };
    const id = r.data?.id ? String(r.data.id) : undefined;
    this.dedupe.add(id);
    return id ? { ok: true, id } : { ok: true };
  }

  /** Tells the other side the customer is typing; best effort (a lost one only means no dots). */
  postTyping(): void {
    const sess = this.sess;
    if (!sess || this.stopped) return;
    const typing: WebchatTyping = { type: 'typing', from: { id: sess.userId } };
    void this.authed('POST', `${this.convPath()}/activities`, typing).catch(() => undefined);
  }

  /** Back online, visible again or restored: refresh a stale token and catch up. */
  revive(): void {
    if (!this.sess || this.stopped) return;
    if (Date.now() >= this.refreshDue) void this.refreshToken();
    if (this.sockOpen()) void this.catchUp();
    else void this.reconnect();
  }

  offline(): void {
    if (this.sess) this.setStatus('reconnecting');
  }

  /** The page is being left: close the socket (a bfcache restore calls pageShow). */
  pageHide(): void {
    this.stopped = true;
    this.closeSocket();
  }

  pageShow(): void {
    this.stopped = false;
    this.revive();
  }

  // ------------------------------------------------------------------ HTTP

  private async api<T>(method: string, url: string, body: unknown, auth: boolean): Promise<Answer<T>> {
    const headers: Record<string, string> = {};
    if (body) headers['Content-Type'] = 'application/json';
    if (auth && this.sess) headers.Authorization = `Bearer ${this.sess.token}`;
    const ctrl = typeof AbortController === 'function' ? new AbortController() : null;
    const timer = ctrl ? setTimeout(() => ctrl.abort(), REQUEST_TIMEOUT_MS) : undefined;
    try {
      const r = await fetch(url, {
        method,
        headers,
        body: body ? JSON.stringify(body) : undefined,
        credentials: 'omit',
        cache: 'no-store',
        signal: ctrl ? ctrl.signal : undefined,
      });
      let data: T | null = null;
      try {
        data = (await r.json()) as T;
      } catch {
        /* empty or not JSON */
      }
      return { status: r.status, ok: r.ok, data };
    } finally {
      clearTimeout(timer);
    }
  }

  private dl(path: string): string {
    return this.sess!.domain.replace(/\/+$/, '') + path;
  }

  private convPath(): string {
    return `/conversations/${encodeURIComponent(this.sess!.conversationId)}`;
  }

  private watermarkQuery(): string {
    return this.watermark ? `?watermark=${encodeURIComponent(this.watermark)}` : '';
  }

  /** A Direct Line call with the token; on 401/403 the token is refreshed once and it goes again. */
  private async authed<T>(method: string, path: string, body?: unknown): Promise<Answer<T>> {
    let r = await this.api<T>(method, this.dl(path), body, true);
    if ((r.status === 401 || r.status === 403) && (await this.refreshToken()) && this.sess) r = await this.api<T>(method, this.dl(path), body, true);
    return r;
  }

  // ------------------------------------------------------------------ session

  private postSession(resume: Pick<SavedConversation, 'conversationId' | 'token'> | null): Promise<Answer<WebchatSession & { error?: { code?: string } }>> {
    const body: WebchatSessionRequest = {};
    const { invite, locale, languages } = this.deps.request;
    if (invite) body.invite = invite;
    if (locale) body.locale = locale;
    if (languages?.length) body.languages = languages;
    if (resume) body.resume = { conversationId: String(resume.conversationId), token: String(resume.token) };
    return this.api('POST', new URL('webchat/session', this.deps.base).href, body, false);
  }

  private async startSession(attempt: number): Promise<void> {
    if (!attempt) this.setStatus('connecting');
    let r: Answer<WebchatSession & { error?: { code?: string } }> | null = null;
    const saved = this.deps.store.load().conversation;
    try {
      if (saved) {
        r = await this.postSession(saved);
        if (r.status >= 400 && r.status < 500) {
          this.deps.store.clear(); // that conversation cannot be resumed: start afresh
          r = null;
        }
      }
      r ??= await this.postSession(null);
    } catch {
      r = { status: 0, ok: false, data: null };
    }
    if (r.ok && validSession(r.data)) {
      this.setStatus('');
      // After a reload the transcript is empty: it is drawn again from the whole history.
      this.begin(r.data, !!saved && saved.conversationId === r.data.conversationId);
    } else if (r.status >= 400 && r.status < 500 && r.status !== 408 && r.status !== 429) {
      this.fatal(r.data?.error?.code);
    } else {
      this.setStatus('unavailable');
      setTimeout(() => void this.startSession(attempt + 1), backoff(attempt, this.deps.random));
    }
  }

  private fatal(code: string | undefined): void {
    this.setStatus('');
    this.closeSocket();
    this.deps.onFatal(code);
  }

  private begin(d: WebchatSession, resumed: boolean): void {
    const prev = this.sess;
    const sameConv = !!prev && prev.conversationId === d.conversationId;
    this.sess = {
      conversationId: String(d.conversationId),
      token: String(d.token),
      userId: d.userId != null ? String(d.userId) : prev && sameConv ? prev.userId : '',
      domain: String(d.domain),
      locale: d.locale ? String(d.locale) : (this.deps.request.locale ?? ''),
    };
    if (!resumed && !sameConv) this.watermark = '';
    this.persist();
    this.scheduleRefresh(d.expiresIn ?? (d as Partial<DirectLineTokenAnswer>).expires_in);
    this.wsFails = 0;
    this.connect(d.streamUrl);
    this.deps.onSession(this.sess, d);
  }

  private persist(): void {
    if (this.sess) this.deps.store.saveConversation({ conversationId: this.sess.conversationId, token: this.sess.token, watermark: this.watermark });
  }

  private scheduleRefresh(seconds: unknown): void {
    clearTimeout(this.refreshTimer);
    const s = Number(seconds);
    if (!(s > 0)) return;
    // At half its life, so a token is never used near its end.
    this.refreshDue = Date.now() + s * 500;
    this.refreshTimer = setTimeout(() => void this.refreshToken(), Math.min(s * 500, MAX_TIMER_MS));
  }

  private setToken(answer: Partial<DirectLineTokenAnswer> & { expiresIn?: number }): void {
    if (!this.sess || !answer.token) return;
    this.sess.token = String(answer.token);
    this.persist();
    this.scheduleRefresh(answer.expires_in ?? answer.expiresIn);
  }

  /** One refresh at a time; true when there is a usable token (refreshed, or a resumed session). */
  private refreshToken(): Promise<boolean> {
    if (!this.sess) return Promise.resolve(false);
    this.refreshing ??= (async () => {
      try {
        const r = await this.api<DirectLineTokenAnswer>('POST', this.dl('/tokens/refresh'), null, true);
        if (r.ok && r.data?.token) {
          this.setToken(r.data);
          return true;
        }
        if (r.status === 401 || r.status === 403) return await this.resumeAfterExpiry();
        return false;
      } catch {
        return false;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  /** The token can no longer be refreshed: resume through /webchat/session, else start afresh. */
  private async resumeAfterExpiry(): Promise<boolean> {
    const sess = this.sess;
    const r = sess ? await this.postSession(sess).catch(() => null) : null;
    if (r?.ok && validSession(r.data)) {
      this.begin(r.data, true);
      return true;
    }
    if (r && r.status >= 400 && r.status < 500) {
      this.deps.store.clear();
      this.closeSocket();
      this.sess = null;
      void this.startSession(0);
    }
    return false;
  }

  private setStatus(key: StatusKey): void {
    this.status = key;
    this.deps.onStatus(key);
  }

  // ------------------------------------------------------------------ receiving

  private ingest(m: unknown): void {
    if (!m || typeof m !== 'object') return;
    const set = m as Partial<WebchatActivitySet>;
    if (Array.isArray(set.activities)) {
      const fresh = this.dedupe.fresh(set.activities);
      if (fresh.length) this.deps.onActivities(fresh);
    }
    this.watermark = mergeWatermark(this.watermark, set.watermark);
    this.persist();
  }

  /** Reads what the stream may have missed, past the watermark; stream messages wait meanwhile. */
  private catchUp(): Promise<boolean> {
    if (!this.sess) return Promise.resolve(false);
    this.catching ??= (async () => {
      try {
        for (let page = 0; page < MAX_CATCH_UP_PAGES; page++) {
          const r = await this.authed<WebchatActivitySet>('GET', `${this.convPath()}/activities${this.watermarkQuery()}`);
          if (!r.ok || !r.data) return false;
          if (this.status === 'reconnecting' && this.sockOpen()) this.setStatus('');
          this.ingest(r.data);
          if (!Array.isArray(r.data.activities) || r.data.activities.length < FULL_PAGE) break;
        }
        return true;
      } catch {
        return false;
      } finally {
        this.catching = null;
        const held = this.held;
        this.held = [];
        held.forEach((m) => this.ingest(m));
      }
    })();
    return this.catching;
  }

  private sockOpen(): boolean {
    return !!this.sock && this.sock.readyState === WebSocket.OPEN;
  }

  private closeSocket(): void {
    clearTimeout(this.reconnectTimer);
    const s = this.sock;
    this.sock = null;
    try {
      s?.close();
    } catch {
      /* already closing */
    }
  }

  private connect(url: string | undefined): void {
    this.closeSocket();
    if (this.stopped || !this.sess) return;
    let ws: WebSocket;
    try {
      ws = new WebSocket(String(url));
    } catch {
      return this.socketLost(false);
    }
    this.sock = ws;
    let openedAt = 0;
    const healthy = () => openedAt > 0 && Date.now() - openedAt > HEALTHY_AFTER_MS;
    const guard = setTimeout(() => openedAt || ws.close(), OPEN_TIMEOUT_MS);
    ws.onopen = () => {
      openedAt = Date.now();
      clearTimeout(guard);
      if (this.sock !== ws) return;
      if (this.status === 'reconnecting') this.setStatus('');
      this.stopPolling();
      void this.catchUp();
    };
    ws.onmessage = (e: MessageEvent) => {
      if (typeof e.data !== 'string' || !e.data.trim()) return; // keep-alive
      let m: unknown;
      try {
        m = JSON.parse(e.data);
      } catch {
        return;
      }
      if (healthy()) this.wsFails = 0;
      if (this.catching) this.held.push(m);
      else this.ingest(m);
    };
    ws.onclose = () => {
      clearTimeout(guard);
      if (this.sock !== ws) return;
      this.sock = null;
      this.socketLost(healthy());
    };
    ws.onerror = () => {
      /* a close event follows */
    };
  }

  private socketLost(wasHealthy: boolean): void {
    if (this.stopped || !this.sess) return;
    const d = afterSocketLoss(this.wsFails, wasHealthy, this.deps.random);
    this.wsFails = d.fails;
    if (d.next === 'poll') {
      this.startPolling();
      clearTimeout(this.socketRetryTimer);
      this.socketRetryTimer = setTimeout(() => void this.reconnect(), d.retryMs);
      return;
    }
    this.setStatus('reconnecting');
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => void this.reconnect(), d.delayMs);
  }

  /** Asks for a fresh stream URL (and token), then opens it; the open catches up. */
  private async reconnect(): Promise<void> {
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.socketRetryTimer);
    if (this.stopped || !this.sess || this.sockOpen()) return;
    const r = await this.authed<DirectLineTokenAnswer>('GET', `${this.convPath()}${this.watermarkQuery()}`).catch(() => null);
    if (!this.sess) return;
    if (r?.ok && r.data?.streamUrl) {
      if (r.data.token && r.data.token !== this.sess.token) this.setToken(r.data);
      this.connect(r.data.streamUrl);
    } else this.socketLost(false);
  }

  private startPolling(): void {
    if (this.pollTimer !== undefined) return;
    const tick = async () => {
      if (this.catching) return;
      const ok = await this.catchUp();
      if (this.pollTimer !== undefined) this.setStatus(ok ? '' : 'reconnecting');
    };
    this.pollTimer = setInterval(() => void tick(), POLL_INTERVAL_MS);
    void tick();
  }

  private stopPolling(): void {
    clearInterval(this.pollTimer);
    this.pollTimer = undefined;
  }
}
