/**
 * The Direct Line activities the widget reads, as decisions without a DOM: which ones are new
 * (de-duplicated by id), the watermark to keep, and what each one means for the chat.
 */
import type { WebchatActivity, WebchatEnd } from '../../src/core/api/webchat.js';
import type { PromptQuestion } from '../shared/renderPrompt.js';

/** The newer of two watermarks (numbers as strings); a missing or odd one never moves it back. */
export function mergeWatermark(current: string, incoming: unknown): string {
  if (incoming === null || incoming === undefined || incoming === '') return current;
  const s = String(incoming);
  const a = Number(s);
  const b = Number(current);
  return !current || !Number.isFinite(a) || !Number.isFinite(b) || a >= b ? s : current;
}

/** Activity ids already drawn: the stream, the catch-up and the POST answers all see the same ones. */
export class ActivityDedupe {
  private readonly seen = new Set<string>();

  /** The activities not seen before, in order (ones without an id always pass). */
  fresh(activities: readonly unknown[]): WebchatActivity[] {
    const out: WebchatActivity[] = [];
    for (const a of activities) {
      if (!a || typeof a !== 'object') continue;
      const activity = a as WebchatActivity;
      if (activity.id != null) {
        if (this.seen.has(String(activity.id))) continue;
        this.seen.add(String(activity.id));
      }
      out.push(activity);
    }
    return out;
  }

  /** An id the widget learnt otherwise (the answer to its POST): its echo is not drawn again. */
  add(id: string | null | undefined): void {
    if (id) this.seen.add(String(id));
  }
}

export type ActivityMeaning =
  /** The customer's own message that this tab sent: its bubble is confirmed. */
  | { kind: 'echo'; clientActivityID: string }
  /** The customer's message from elsewhere (another tab, or before a reload). */
  | { kind: 'user'; text: string }
  | { kind: 'typing' }
  /** A question: drawn with its controls. `end` is never set on one today, but honoured. */
  | { kind: 'question'; question: PromptQuestion; end: WebchatEnd | null }
  /** A bot message (possibly without text); `end` closes the chat, null reopens it. */
  | { kind: 'bot'; text: string; end: WebchatEnd | null }
  | { kind: 'error' }
  | { kind: 'ignore' };

/**
 * What an activity means. `userId` is this visitor's Direct Line id; `isMine` says whether a
 * clientActivityID belongs to a message this tab sent.
 */
export function classifyActivity(a: WebchatActivity, userId: string, isMine: (clientActivityID: string) => boolean): ActivityMeaning {
  const from = a.from && typeof a.from === 'object' ? a.from : {};
  const cd = a.channelData && typeof a.channelData === 'object' ? a.channelData : {};
  if (from.role !== 'bot' && (from.id === userId || from.role === 'user')) {
    if (a.type !== 'message') return { kind: 'ignore' };
    const cid = cd.clientActivityID;
    if (cid != null && isMine(String(cid))) return { kind: 'echo', clientActivityID: String(cid) };
    return { kind: 'user', text: a.text == null ? '' : String(a.text) };
  }
  if (a.type === 'typing') return { kind: 'typing' };
  if (a.type === 'event' && a.name === 'survey.error') return { kind: 'error' };
  if (a.type !== 'message') return { kind: 'ignore' };
  const sq = cd.satisfy && typeof cd.satisfy === 'object' ? (cd.satisfy as unknown as Record<string, unknown>) : null;
  const end = endOf(sq);
  if (sq && sq.type === 'question' && sq.prompt && typeof sq.prompt === 'object') {
    const question = sq as unknown as PromptQuestion;
    return { kind: 'question', question: question.text == null ? { ...question, text: String(a.text ?? '') } : question, end };
  }
  return { kind: 'bot', text: typeof a.text === 'string' ? a.text : '', end };
}

function endOf(sq: Record<string, unknown> | null): WebchatEnd | null {
  const end = sq?.end;
  if (!end || typeof end !== 'object') return null;
  const e = end as Record<string, unknown>;
  const status = String(e.status || 'completed');
  return {
    status: status === 'opted_out' || status === 'expired' ? status : 'completed',
    help: typeof e.help === 'string' ? e.help.trim() : '',
  };
}
