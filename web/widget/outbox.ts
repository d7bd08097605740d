/**
 * The customer's messages on their way to the server: one at a time, in the order written.
 * A network error, a 5xx, 408 or 429 (and a 401/403 that survived the token refresh) is tried
 * again, first in line, with the same clientActivityID, so the server drops a copy it already
 * has; any other 4xx means the message will never be taken and it is marked not sent.
 */
import type { WebchatAnswerValue } from '../../src/core/api/webchat.js';

/** What a POST came to: its answer's id, or the HTTP status (0: no answer at all). */
export type PostResult = { ok: true; id?: string } | { ok: false; status: number };

export type PostVerdict = 'sent' | 'retry' | 'failed';

export function postVerdict(r: PostResult): PostVerdict {
  if (r.ok) return 'sent';
  const s = r.status;
  return s >= 400 && s < 500 && s !== 401 && s !== 403 && s !== 408 && s !== 429 ? 'failed' : 'retry';
}

export interface OutboxItem {
  /** channelData.clientActivityID: the same on every try, and how the echo is recognised. */
  readonly cid: string;
  readonly text: string;
  readonly value: WebchatAnswerValue | undefined;
  state: 'pending' | 'retrying' | 'sent' | 'failed';
  /** Failed tries so far. */
  tries: number;
}

export interface OutboxDeps {
  post(item: OutboxItem): Promise<PostResult>;
  /** Resolves after `ms` (a real timer; tests pass their own). */
  delay(ms: number): Promise<void>;
  backoff(tries: number): number;
  /** A session to send with, and a page that is not being left. */
  canSend(): boolean;
  /** The item's state changed; `afterRetry` when it went out after failed tries. */
  onChange(item: OutboxItem, afterRetry: boolean): void;
}

export class Outbox {
  private readonly queue: OutboxItem[] = [];
  private readonly byCid = new Map<string, OutboxItem>();
  private pumping = false;
  private wakeUp: (() => void) | null = null;

  constructor(private readonly deps: OutboxDeps) {}

  /** Queues a message and starts sending. */
  add(cid: string, text: string, value: WebchatAnswerValue | undefined): OutboxItem {
    const item: OutboxItem = { cid, text, value, state: 'pending', tries: 0 };
    this.queue.push(item);
    this.byCid.set(cid, item);
    void this.pump();
    return item;
  }

  /** Whether this clientActivityID is one of ours (its echo confirms it, not a new message). */
  has(cid: string): boolean {
    return this.byCid.has(cid);
  }

  /** The message reached the server: its echo arrived (possibly before the POST's answer). */
  confirm(cid: string): void {
    const item = this.byCid.get(cid);
    if (item) this.markSent(item, false);
  }

  /** Cuts a retry's wait short (the network is back, the page is visible again). */
  wake(): void {
    this.wakeUp?.();
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Sends what is queued, in order, until it is empty or sending must stop. */
  async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length && this.deps.canSend()) {
        const item = this.queue[0]!;
        if (isSent(item)) {
          this.queue.shift();
          continue;
        }
        let r: PostResult;
        try {
          r = await this.deps.post(item);
        } catch {
          r = { ok: false, status: 0 };
        }
        if (this.queue[0] === item) this.queue.shift();
        if (isSent(item)) continue; // the echo came first
        const verdict = postVerdict(r);
        if (verdict === 'sent') {
          this.markSent(item, item.tries > 0);
        } else if (verdict === 'failed') {
          item.state = 'failed';
          this.deps.onChange(item, false);
        } else {
          this.queue.unshift(item); // first in line again: the order holds
          item.state = 'retrying';
          this.deps.onChange(item, false);
          await this.wait(this.deps.backoff(item.tries++));
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  private markSent(item: OutboxItem, afterRetry: boolean): void {
    // While a pump is on it, the pump takes it off the queue (it may be awaiting its POST).
    const i = this.queue.indexOf(item);
    if (i >= 0 && !(this.pumping && i === 0)) this.queue.splice(i, 1);
    if (item.state === 'sent') return;
    item.state = 'sent';
    this.deps.onChange(item, afterRetry);
    if (i === 0) this.wake();
  }

  private wait(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        // A woken wait's timer still fires later: it must not clear a newer wait's wake-up.
        if (this.wakeUp === done) this.wakeUp = null;
        resolve();
      };
      this.wakeUp = done;
      void this.deps.delay(ms).then(done);
    });
  }
}

/** A function, so the check is made again after an await (the echo may have come meanwhile). */
function isSent(item: OutboxItem): boolean {
  return item.state === 'sent';
}
