import { describe, expect, it } from 'vitest';
import { TypingThrottle } from '../../../web/widget/typing.js';

describe('TypingThrottle', () => {
  it('sends at once, then at most every interval while the customer types', () => {
    const t = new TypingThrottle(3000);
    const sent = [0, 500, 2999, 3000, 3100, 6100, 9000, 9100].filter((at) => t.shouldSend('hola', at));
    expect(sent).toEqual([0, 3000, 6100, 9100]);
  });

  it('never for an empty box; after a send, the next keystroke counts again', () => {
    const t = new TypingThrottle(3000);
    expect(t.shouldSend('   ', 0)).toBe(false);
    expect(t.shouldSend('a', 10)).toBe(true);
    expect(t.shouldSend('ab', 20)).toBe(false);
    t.reset();
    expect(t.shouldSend('n', 30)).toBe(true);
  });
});
