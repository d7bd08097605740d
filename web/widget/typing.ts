/**
 * When the widget tells the other side the customer is typing: at most once per interval while
 * they type (the agent's console shows "… is typing" for a few seconds after each), and never
 * for an empty box.
 */
export const TYPING_EVERY_MS = 3000;

export class TypingThrottle {
  private last = -Infinity;

  constructor(private readonly everyMs = TYPING_EVERY_MS) {}

  /** The box now holds `text` at `now` (ms): true when a typing activity should go out. */
  shouldSend(text: string, now: number): boolean {
    if (!text.trim() || now - this.last < this.everyMs) return false;
    this.last = now;
    return true;
  }

  /** The message was sent: the next keystroke starts a new "typing". */
  reset(): void {
    this.last = -Infinity;
  }
}
