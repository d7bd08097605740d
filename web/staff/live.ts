/**
 * Live case updates over /console/ws: `{type: "auth", token}` first, then `{type: "ready"}` and a
 * `{type: "case", caseId}` for every change. The same socket carries typing: the page says which
 * case it shows (`{type: "watch", caseId}`, said again after each reconnect) and hears
 * `{type: "typing", caseId}` while that customer types; the agent's own typing goes out as
 * `{type: "typing", caseId}`. It reconnects after 1, 2, 4, 8, then 15 s (with
 * jitter), at once when the browser comes back online or the tab is shown again; after a
 * reconnect whoever listens reloads, since changes may have been missed.
 */
import { CONSOLE_SOCKET } from './api.js';

export type LiveState = 'connecting' | 'live' | 'reconnecting';

export interface LiveListener {
  state(state: LiveState): void;
  /** Ready again after a drop: reload what is shown. */
  resumed(): void;
  changed(caseId: string): void;
  /** The customer of the watched case is typing. */
  typing(caseId: string): void;
  /** Close code 4401 or 4403: the token or its role was refused. The shell checks the session
   * (a 401 ends it; a new role is taken). */
  refused(): Promise<unknown>;
}

/** The wait before reconnect attempt n (0-based), before jitter. */
export const backoff = (attempt: number): number => Math.min(15_000, 1000 * 2 ** Math.min(attempt, 4));

export class LiveFeed {
  private ws: WebSocket | null = null;
  private attempts = 0;
  private timer = 0;
  private token: string | null = null;
  private current: LiveState = 'connecting';
  private watched: string | null = null;

  constructor(private readonly listener: LiveListener) {
    const now = () => this.reconnectNow();
    window.addEventListener('online', now);
    document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && now());
  }

  get state(): LiveState {
    return this.current;
  }

  get live(): boolean {
    return this.current === 'live';
  }

  /** Sends a message on the socket when it is live; false when it is not (nothing is queued:
   * typing that cannot go now is stale by the time it could). */
  send(message: { type: string; caseId?: string | null }): boolean {
    if (!this.ws || this.current !== 'live' || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(message));
    return true;
  }

  /** The case the page shows, whose customer's typing it wants to hear (null: none). */
  watch(caseId: string | null): void {
    if (caseId === this.watched) return;
    this.watched = caseId;
    this.send({ type: 'watch', caseId });
  }

  start(token: string): void {
    this.stop();
    this.token = token;
    this.connect();
  }

  stop(): void {
    window.clearTimeout(this.timer);
    this.token = null;
    this.watched = null;
    const sock = this.ws;
    this.ws = null;
    this.attempts = 0;
    sock?.close(1000);
    this.set('connecting');
  }

  private set(state: LiveState): void {
    this.current = state;
    this.listener.state(state);
  }

  private url(): string {
    const u = new URL(CONSOLE_SOCKET, location.href);
    u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
    return u.href;
  }

  private connect(): void {
    const token = this.token;
    if (!token || this.ws) return;
    window.clearTimeout(this.timer);
    let sock: WebSocket;
    try {
      sock = new WebSocket(this.url());
    } catch {
      return this.retry();
    }
    this.ws = sock;
    if (this.current !== 'live') this.set(this.attempts ? 'reconnecting' : 'connecting');
    sock.addEventListener('open', () => sock.send(JSON.stringify({ type: 'auth', token })));
    sock.addEventListener('message', (e: MessageEvent) => {
      if (this.ws !== sock) return;
      let m: { type?: unknown; caseId?: unknown } | null;
      try {
        m = JSON.parse(String(e.data)) as typeof m;
      } catch {
        return;
      }
      if (!m || typeof m !== 'object') return;
      if (m.type === 'ready') {
        const again = this.attempts > 0;
        this.attempts = 0;
        this.set('live');
        if (this.watched) this.send({ type: 'watch', caseId: this.watched });
        if (again) this.listener.resumed();
      } else if (m.type === 'case' && typeof m.caseId === 'string') {
        this.listener.changed(m.caseId);
      } else if (m.type === 'typing' && typeof m.caseId === 'string') {
        this.listener.typing(m.caseId);
      }
    });
    sock.addEventListener('close', (e: CloseEvent) => {
      if (this.ws !== sock) return;
      this.ws = null;
      if (this.token !== token) return;
      // 4401: the session no longer holds; 4403: its role no longer works cases. The shell asks
      // the server (which signs out, or takes the new role) before trying again.
      if (e.code === 4401 || e.code === 4403) {
        void this.listener.refused().then(
          () => this.retry(),
          () => this.retry(),
        );
        return;
      }
      this.retry();
    });
  }

  private retry(): void {
    if (!this.token) return;
    this.set('reconnecting');
    const wait = backoff(this.attempts) * (0.75 + Math.random() * 0.5);
    this.attempts++;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.connect(), wait);
  }

  private reconnectNow(): void {
    if (!this.token || this.ws) return;
    this.attempts = Math.max(this.attempts, 1);
    this.connect();
  }
}
