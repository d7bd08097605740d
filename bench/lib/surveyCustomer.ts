import type { Agent } from 'node:http';
import WebSocket from 'ws';
import type { WebchatActivity, WebchatActivitySet, WebchatOutgoing, WebchatSession } from '../../src/core/api/webchat.js';
import type { Output } from '../../src/core/outputs.js';
import { httpJson } from './httpJson.js';

export type Persona = 'happy' | 'unhappy' | 'unhappy-contact';

/** 7 in 10 customers are happy; of the rest, one in three wants to be contacted (a case, a person promised). */
export function personaOf(n: number): Persona {
  const r = n % 10;
  return r < 7 ? 'happy' : r < 9 ? 'unhappy' : 'unhappy-contact';
}

const RATINGS: Record<'happy' | 'unhappy', Record<string, number>> = {
  happy: { csat: 5, delivery: 4, product_quality: 5, value: 4, nps: 9 },
  unhappy: { csat: 2, delivery: 3, product_quality: 2, value: 2, nps: 3 },
};
const TEXTS: Record<string, string> = {
  improve: 'The parcel came three days late and the box was crushed.',
  liked: 'Quick delivery, and the quality is better than I expected.',
};

type Question = Extract<Output, { type: 'question' }>;

/** What this customer answers to a question, as the widget sends it (text, and the button's value). */
export function answerFor(q: Question, persona: Persona): { text: string; value?: WebchatOutgoing['value'] } {
  const mood = persona === 'happy' ? 'happy' : 'unhappy';
  const { prompt, questionId } = q;
  switch (prompt.kind) {
    case 'rating': {
      const n = Math.min(prompt.max, Math.max(prompt.min, RATINGS[mood][questionId] ?? (mood === 'happy' ? prompt.max : prompt.min)));
      return { text: String(n), value: { satisfy: { questionId, answer: String(n) } } };
    }
    case 'choice': {
      const option = prompt.options.find((o) => o.value === 'delivery') ?? prompt.options[0]!;
      return { text: option.label, value: { satisfy: { questionId, answer: prompt.multiple ? [option.value] : option.value } } };
    }
    case 'yesno': {
      const option = prompt.options[persona === 'unhappy-contact' ? 0 : 1] ?? prompt.options[0]!;
      return { text: option.label, value: { satisfy: { questionId, answer: option.value } } };
    }
    case 'text':
      return { text: TEXTS[questionId] ?? 'Nothing to add, thanks.' };
  }
}

export interface Tally {
  /** Activities the stream skipped (a gap in the sequence) or never sent (found by the final catch-up). */
  lost: number;
  /** Activities the stream sent twice or out of order. */
  duplicated: number;
  /** Turns whose reply did not come within the timeout, and requests answered other than 200. */
  failed: number;
  statuses: Map<number, number>;
}

export function newTally(): Tally {
  return { lost: 0, duplicated: 0, failed: 0, statuses: new Map() };
}

interface Pending {
  cid: string;
  echoId?: string;
  start: number;
  resolve: (prompt: Output | undefined) => void;
  timer: NodeJS.Timeout;
}

const TIMEOUT_MS = 30_000;

/**
 * One web chat customer, as the widget behaves: POST /webchat/session, the WebSocket stream from
 * watermark 0, each answer POSTed with a clientActivityID, the next question read off the socket.
 * Every activity's sequence number is checked (once each, in order, none skipped).
 */
export class SurveyCustomer {
  session!: WebchatSession;
  private ws: WebSocket | undefined;
  private lastSeq = 0;
  private prompt: Output | undefined;
  private firstPrompt: ((p: Output | undefined) => void) | undefined;
  private pending: Pending | undefined;
  private sent = 0;
  done = false;

  constructor(
    readonly n: number,
    readonly persona: Persona,
    private readonly base: string,
    private readonly streamBase: string,
    private readonly agent: Agent,
    private readonly tally: Tally,
  ) {}

  private count(status: number): void {
    this.tally.statuses.set(status, (this.tally.statuses.get(status) ?? 0) + 1);
    if (status !== 200) this.tally.failed++;
  }

  /** Opens the chat and its stream; resolves once the first question is on the socket. */
  async open(): Promise<boolean> {
    const res = await httpJson(this.agent, 'POST', `${this.base}/webchat/session`, { locale: 'en', languages: ['en-GB', 'en'] });
    this.count(res.status);
    if (res.status !== 200) return false;
    this.session = res.body as WebchatSession;
    const first = new Promise<Output | undefined>((resolve) => (this.firstPrompt = resolve));
    const url = this.session.streamUrl.replace(/^ws:\/\/[^/]+/, this.streamBase);
    const ws = new WebSocket(url, { perMessageDeflate: false });
    this.ws = ws;
    ws.on('message', (data) => this.onMessage(data.toString()));
    const opened = await new Promise<boolean>((resolve) => {
      ws.once('open', () => resolve(true));
      ws.once('unexpected-response', (_req, r) => {
        this.count(r.statusCode ?? 0);
        r.resume();
        resolve(false);
      });
      ws.once('error', () => resolve(false));
    });
    if (!opened) return false;
    ws.on('error', () => undefined);
    const timer = setTimeout(() => this.firstPrompt?.(undefined), TIMEOUT_MS);
    this.prompt = await first;
    clearTimeout(timer);
    if (!this.prompt) this.tally.failed++;
    return this.prompt !== undefined;
  }

  private onMessage(text: string): void {
    const set = JSON.parse(text) as WebchatActivitySet;
    for (const a of set.activities) {
      if (!a.id) continue; // typing: not in the log
      const seq = Number(a.id.slice(a.id.lastIndexOf('|') + 1));
      if (seq <= this.lastSeq) {
        this.tally.duplicated++;
        continue;
      }
      if (seq !== this.lastSeq + 1) {
        this.tally.lost += seq - this.lastSeq - 1;
        if (process.env.BENCH_DEBUG) console.error(`gap in ${this.session.conversationId}: ${this.lastSeq} → ${seq}`);
      }
      this.lastSeq = seq;
      this.seen(a);
    }
  }

  private seen(a: WebchatActivity): void {
    const p = this.pending;
    if (a.from?.role === 'user') {
      if (p && a.channelData?.clientActivityID === p.cid) p.echoId = a.id;
      return;
    }
    const out = a.channelData?.satisfy;
    const isPrompt = out !== undefined && (out.type === 'question' || out.end !== undefined);
    if (!isPrompt) return;
    if (this.firstPrompt) {
      const f = this.firstPrompt;
      this.firstPrompt = undefined;
      f(out);
    } else if (p && p.echoId !== undefined && a.replyToId === p.echoId) {
      this.pending = undefined;
      clearTimeout(p.timer);
      p.resolve(out);
    }
  }

  /** Answers the question on screen; the ms from POST to the next question (or the ending) on the socket, or undefined when it failed. */
  async answer(): Promise<number | undefined> {
    const q = this.prompt;
    if (!q || q.type !== 'question') {
      this.done = true;
      return undefined;
    }
    const { text, value } = answerFor(q, this.persona);
    const cid = `b${this.n}-${++this.sent}`;
    const start = performance.now();
    const reply = new Promise<Output | undefined>((resolve) => {
      this.pending = { cid, start, resolve, timer: setTimeout(() => resolve(undefined), TIMEOUT_MS) };
    });
    const body: WebchatOutgoing = { type: 'message', from: { id: this.session.userId }, locale: 'en', text, channelData: { clientActivityID: cid }, ...(value ? { value } : {}) };
    const res = await httpJson(this.agent, 'POST', `${this.base}/v3/directline/conversations/${encodeURIComponent(this.session.conversationId)}/activities`, body, this.session.token);
    this.count(res.status);
    if (res.status !== 200) {
      this.pending = undefined;
      this.done = true;
      return undefined;
    }
    const next = await reply;
    if (!next) {
      this.tally.failed++;
      this.done = true;
      return undefined;
    }
    const ms = performance.now() - start;
    this.prompt = next;
    if (next.type === 'message') this.done = true;
    return ms;
  }

  /** The widget's catch-up: anything in the log past what the socket delivered must still arrive on it; then the socket closes. */
  async finish(): Promise<void> {
    const from = this.lastSeq;
    const res = await httpJson(this.agent, 'GET', `${this.base}/v3/directline/conversations/${encodeURIComponent(this.session.conversationId)}/activities?watermark=${from}`, undefined, this.session.token);
    this.count(res.status);
    if (res.status === 200) {
      const missing = (res.body as WebchatActivitySet).activities.length;
      // From the watermark asked for: the socket may deliver some of them while the answer travels.
      const target = from + missing;
      const deadline = performance.now() + 5000;
      while (this.lastSeq < target && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      if (this.lastSeq < target) {
        this.tally.lost += target - this.lastSeq;
        if (process.env.BENCH_DEBUG) console.error(`not on the socket in ${this.session.conversationId} (${this.persona}): ${this.lastSeq} of ${target}`);
      }
    }
    this.close();
  }

  close(): void {
    this.ws?.close();
  }
}
