import { Writable } from 'node:stream';
import type { TurnContext } from 'botbuilder';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { politeTurnError } from '../../src/bot/politeTurnError.js';
import { SatisfyError } from '../../src/errors.js';
import { SampledLog } from '../../src/SampledLog.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>));
      done();
    },
  });
  return { log: pino({ level: 'info' }, sink), lines };
}

describe('SampledLog', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes the first lines of a message each minute, then one line with the count of the rest', async () => {
    vi.useFakeTimers();
    const { log, lines } = capture();
    const sampled = new SampledLog(log, 3);
    for (let i = 0; i < 10; i++) sampled.info({ attempt: i }, 'conversation changed during the turn; running it again');
    sampled.info({}, 'another message');
    expect(lines.map((l) => l.attempt ?? l.msg)).toEqual([0, 1, 2, 'another message']);
    vi.advanceTimersByTime(60_000);
    expect(lines.at(-1)).toMatchObject({ suppressed: 7, msg: expect.stringContaining('7 more in the last minute') });
    // A new minute starts afresh.
    sampled.info({ attempt: 10 }, 'conversation changed during the turn; running it again');
    expect(lines.at(-1)).toMatchObject({ attempt: 10 });
  });
});

describe('politeTurnError', () => {
  const context = (sent: unknown[]) => ({ activity: { channelId: 'directline', locale: 'en' }, turnState: new Map(), sendActivity: async (a: unknown) => void sent.push(a) }) as unknown as TurnContext;

  it('logs an eTag conflict as a sampled warning without a stack, and still answers the customer', async () => {
    const { log, lines } = capture();
    const onError = politeTurnError({ en: { 'error.try_again': 'Please try again.' } }, 'en', log);
    const sent: unknown[] = [];
    for (let i = 0; i < 20; i++) await onError(context(sent), new SatisfyError('ETAG_CONFLICT', 'changed'));
    expect(sent).toHaveLength(20);
    expect(lines.length).toBeLessThanOrEqual(5);
    expect(lines.every((l) => l.level === 40 && l.code === 'ETAG_CONFLICT')).toBe(true);
    expect(JSON.stringify(lines)).not.toContain('stack');
  });

  it('keeps the stack for an unexpected error', async () => {
    const { log, lines } = capture();
    await politeTurnError({ en: {} }, 'en', log)(context([]), new Error('boom'));
    expect(lines[0]).toMatchObject({ level: 50, err: { message: 'boom', stack: expect.stringContaining('boom') } });
  });
});
