import { describe, expect, it } from 'vitest';
import { Outbox, postVerdict, type OutboxItem, type PostResult } from '../../../web/widget/outbox.js';

/** A server the test answers by hand: each POST waits until the test says how it went. */
function harness() {
  const posts: { cid: string; text: string; answer(r: PostResult | Error): void }[] = [];
  const changes: string[] = [];
  const delays: number[] = [];
  let release: (() => void) | null = null;
  let canSend = true;
  const outbox = new Outbox({
    post: (item: OutboxItem) =>
      new Promise<PostResult>((resolve, reject) => posts.push({ cid: item.cid, text: item.text, answer: (r) => (r instanceof Error ? reject(r) : resolve(r)) })),
    delay: (ms) => {
      delays.push(ms);
      return new Promise<void>((r) => (release = r));
    },
    backoff: (tries) => 1000 * 2 ** tries,
    canSend: () => canSend,
    onChange: (item, afterRetry) => changes.push(`${item.cid}:${item.state}${afterRetry ? ':after-retry' : ''}`),
  });
  const tick = () => new Promise((r) => setTimeout(r, 0));
  return {
    outbox,
    posts,
    changes,
    delays,
    tick,
    /** The backoff timer fires. */
    elapse: () => release?.(),
    stop: () => (canSend = false),
  };
}

describe('the outbox', () => {
  it.each([
    [{ ok: true } as PostResult, 'sent'],
    [{ ok: false, status: 0 } as PostResult, 'retry'],
    [{ ok: false, status: 500 } as PostResult, 'retry'],
    [{ ok: false, status: 503 } as PostResult, 'retry'],
    [{ ok: false, status: 408 } as PostResult, 'retry'],
    [{ ok: false, status: 429 } as PostResult, 'retry'],
    [{ ok: false, status: 401 } as PostResult, 'retry'],
    [{ ok: false, status: 403 } as PostResult, 'retry'],
    [{ ok: false, status: 400 } as PostResult, 'failed'],
    [{ ok: false, status: 404 } as PostResult, 'failed'],
    [{ ok: false, status: 413 } as PostResult, 'failed'],
  ])('judges %j as %s', (r, verdict) => {
    expect(postVerdict(r)).toBe(verdict);
  });

  it('sends one message at a time, in the order written', async () => {
    const h = harness();
    h.outbox.add('a', 'first', undefined);
    h.outbox.add('b', 'second', undefined);
    await h.tick();
    expect(h.posts.map((p) => p.cid)).toEqual(['a']);
    h.posts[0]!.answer({ ok: true, id: 'x1' });
    await h.tick();
    expect(h.posts.map((p) => p.cid)).toEqual(['a', 'b']);
    h.posts[1]!.answer({ ok: true, id: 'x2' });
    await h.tick();
    expect(h.changes).toEqual(['a:sent', 'b:sent']);
    expect(h.outbox.pending).toBe(0);
  });

  it('retries a network error or a 5xx first in line, with the same clientActivityID, backing off', async () => {
    const h = harness();
    h.outbox.add('a', 'first', undefined);
    h.outbox.add('b', 'second', undefined);
    await h.tick();
    h.posts[0]!.answer(new Error('network down'));
    await h.tick();
    expect(h.changes).toEqual(['a:retrying']);
    expect(h.delays).toEqual([1000]);
    h.elapse();
    await h.tick();
    expect(h.posts.map((p) => p.cid)).toEqual(['a', 'a']);
    h.posts[1]!.answer({ ok: false, status: 503 });
    await h.tick();
    expect(h.delays).toEqual([1000, 2000]);
    h.elapse();
    await h.tick();
    h.posts[2]!.answer({ ok: true, id: 'x1' });
    await h.tick();
    expect(h.posts.map((p) => p.cid)).toEqual(['a', 'a', 'a', 'b']);
    expect(h.changes).toEqual(['a:retrying', 'a:retrying', 'a:sent:after-retry']);
  });

  it('marks a message the server refuses for good (a plain 4xx) not sent, and goes on with the next', async () => {
    const h = harness();
    h.outbox.add('a', 'too long', undefined);
    h.outbox.add('b', 'fine', undefined);
    await h.tick();
    h.posts[0]!.answer({ ok: false, status: 413 });
    await h.tick();
    expect(h.changes).toEqual(['a:failed']);
    expect(h.posts.map((p) => p.cid)).toEqual(['a', 'b']);
    expect(h.delays).toEqual([]);
  });

  it('takes an echo that comes before the POST’s answer as sent, once', async () => {
    const h = harness();
    h.outbox.add('a', 'hi', undefined);
    await h.tick();
    expect(h.outbox.has('a')).toBe(true);
    h.outbox.confirm('a');
    expect(h.changes).toEqual(['a:sent']);
    h.posts[0]!.answer({ ok: false, status: 503 }); // the answer got lost on the way back
    await h.tick();
    expect(h.changes).toEqual(['a:sent']);
    expect(h.outbox.pending).toBe(0);
  });

  it('cuts a retry’s wait short when woken (back online)', async () => {
    const h = harness();
    h.outbox.add('a', 'hi', undefined);
    await h.tick();
    h.posts[0]!.answer({ ok: false, status: 0 });
    await h.tick();
    h.outbox.wake();
    await h.tick();
    expect(h.posts).toHaveLength(2);
  });

  it('holds messages while it cannot send, and sends them in order on the next pump', async () => {
    const h = harness();
    h.stop();
    h.outbox.add('a', 'first', undefined);
    h.outbox.add('b', 'second', undefined);
    await h.tick();
    expect(h.posts).toHaveLength(0);
    expect(h.outbox.pending).toBe(2);
  });
});
