import { describe, expect, it } from 'vitest';
import type { WebchatActivity } from '../../../src/core/api/webchat.js';
import { ActivityDedupe, classifyActivity, mergeWatermark } from '../../../web/widget/activities.js';

describe('the watermark', () => {
  it.each([
    ['', '3', '3'],
    ['3', '7', '7'],
    ['7', '3', '7'],
    ['7', '7', '7'],
    ['7', undefined, '7'],
    ['7', null, '7'],
    ['7', '', '7'],
    ['7', 12, '12'],
    // Not a number (another server's opaque watermark): the newest one said is kept.
    ['7', 'abc', 'abc'],
  ] as const)('%j then %j → %j', (current, incoming, kept) => {
    expect(mergeWatermark(current, incoming)).toBe(kept);
  });
});

describe('de-duplication', () => {
  it('passes each id once across the stream, the catch-up and the POST answers, and every activity without an id', () => {
    const d = new ActivityDedupe();
    expect(d.fresh([{ id: '1', type: 'message' }, { id: '2', type: 'message' }]).map((a) => a.id)).toEqual(['1', '2']);
    // The catch-up after a reconnect overlaps what the stream already showed.
    expect(d.fresh([{ id: '2', type: 'message' }, { id: '3', type: 'message' }, null, 'junk']).map((a) => a.id)).toEqual(['3']);
    d.add('4'); // the answer to the widget's own POST
    expect(d.fresh([{ id: '4', type: 'message' }, { type: 'typing' }, { type: 'typing' }]).map((a) => a.type)).toEqual(['typing', 'typing']);
  });
});

describe('what an activity means', () => {
  const mine = new Set(['cid-1']);
  const classify = (a: WebchatActivity) => classifyActivity(a, 'web_u1', (cid) => mine.has(cid));
  const question = { type: 'question', questionId: 'csat', text: 'How satisfied?', prompt: { kind: 'rating', min: 1, max: 5, display: 'stars' }, reask: false } as const;

  it('recognises the echo of a message this tab sent, and the customer’s messages from elsewhere', () => {
    expect(classify({ type: 'message', text: '★★★★', from: { id: 'web_u1' }, channelData: { clientActivityID: 'cid-1' } })).toEqual({ kind: 'echo', clientActivityID: 'cid-1' });
    expect(classify({ type: 'message', text: 'from the other tab', from: { id: 'web_u1' }, channelData: { clientActivityID: 'cid-9' } })).toEqual({ kind: 'user', text: 'from the other tab' });
    expect(classify({ type: 'message', text: 'typed', from: { id: 'someone', role: 'user' } })).toEqual({ kind: 'user', text: 'typed' });
    expect(classify({ type: 'typing', from: { id: 'web_u1' } })).toEqual({ kind: 'ignore' });
  });

  it('reads a question from channelData.satisfy, with the message text if it has none', () => {
    expect(classify({ type: 'message', text: 'How satisfied?\n\n1 = …', from: { id: 'satisfy', role: 'bot' }, channelData: { satisfy: question } })).toEqual({ kind: 'question', question, end: null });
    const { text: _text, ...untitled } = question;
    const m = classify({ type: 'message', text: 'From the text', from: { role: 'bot' }, channelData: { satisfy: untitled as never } });
    expect(m).toMatchObject({ kind: 'question', question: { text: 'From the text', questionId: 'csat' } });
  });

  it('reads the end of a survey, with its status and help label', () => {
    const end = (e: unknown) => classify({ type: 'message', text: 'Bye', from: { role: 'bot' }, channelData: { satisfy: { type: 'message', text: 'Bye', end: e } as never } });
    expect(end({ status: 'opted_out', help: ' Talk to us ' })).toEqual({ kind: 'bot', text: 'Bye', end: { status: 'opted_out', help: 'Talk to us' } });
    expect(end({ status: 'expired' })).toEqual({ kind: 'bot', text: 'Bye', end: { status: 'expired', help: '' } });
    expect(end({})).toEqual({ kind: 'bot', text: 'Bye', end: { status: 'completed', help: '' } });
    expect(classify({ type: 'message', text: 'Hello', from: { role: 'bot' } })).toEqual({ kind: 'bot', text: 'Hello', end: null });
  });

  it('reads typing, the bot’s error event, and ignores other events', () => {
    expect(classify({ type: 'typing', from: { role: 'bot' } })).toEqual({ kind: 'typing' });
    expect(classify({ type: 'event', name: 'survey.error', from: { role: 'bot' } })).toEqual({ kind: 'error' });
    expect(classify({ type: 'event', name: 'other', from: { role: 'bot' } })).toEqual({ kind: 'ignore' });
  });
});
