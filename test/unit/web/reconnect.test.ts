import { describe, expect, it } from 'vitest';
import { afterSocketLoss, backoff } from '../../../web/widget/reconnect.js';

const middle = () => 0.5; // no jitter
const low = () => 0;
const high = () => 0.999999;

describe('the reconnect schedule', () => {
  it('backs off 1, 2, 4, 8, then 15 s', () => {
    expect([0, 1, 2, 3, 4, 5, 9].map((n) => backoff(n, middle))).toEqual([1000, 2000, 4000, 8000, 15000, 15000, 15000]);
  });

  it('jitters each wait by ±25 %', () => {
    expect(backoff(0, low)).toBe(750);
    expect(backoff(4, low)).toBe(11250);
    expect(backoff(0, high)).toBeCloseTo(1250, 0);
    expect(backoff(4, high)).toBeCloseTo(18750, 0);
  });

  it('reconnects after 1 s, then 2 s, and polls (retrying the socket ~30 s later) once 3 sockets failed in a row', () => {
    const first = afterSocketLoss(0, false, middle);
    expect(first).toEqual({ fails: 1, next: 'reconnect', delayMs: 1000 });
    const second = afterSocketLoss(first.fails, false, middle);
    expect(second).toEqual({ fails: 2, next: 'reconnect', delayMs: 2000 });
    const third = afterSocketLoss(second.fails, false, middle);
    expect(third).toEqual({ fails: 3, next: 'poll', retryMs: 30000 });
    expect(afterSocketLoss(third.fails, false, low)).toEqual({ fails: 4, next: 'poll', retryMs: 22500 });
  });

  it('counts a socket that was healthy before it dropped as the first failure', () => {
    expect(afterSocketLoss(7, true, middle)).toEqual({ fails: 1, next: 'reconnect', delayMs: 1000 });
  });
});
