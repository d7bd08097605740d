import type { Logger } from 'pino';

const WINDOW_MS = 60_000;

interface Window {
  startedAt: number;
  logged: number;
  suppressed: number;
  level: 'info' | 'warn';
  timer?: NodeJS.Timeout;
}

/**
 * For expected, repeatable events (an eTag conflict retried, a redelivered turn dropped, a
 * duplicate): the first `perMinute` lines of each message each minute are written, the rest are
 * counted and summed up in one line when the minute is over. A flood of retries then costs a
 * few lines, not thousands. Callers pass plain fields (an error's message, never the error with
 * its stack).
 */
export class SampledLog {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly log: Logger,
    private readonly perMinute = 5,
  ) {}

  info(fields: Record<string, unknown>, message: string): void {
    this.write('info', fields, message);
  }

  warn(fields: Record<string, unknown>, message: string): void {
    this.write('warn', fields, message);
  }

  private write(level: 'info' | 'warn', fields: Record<string, unknown>, message: string): void {
    const now = Date.now();
    let w = this.windows.get(message);
    if (!w || now - w.startedAt >= WINDOW_MS) {
      if (w) this.flush(message, w);
      w = { startedAt: now, logged: 0, suppressed: 0, level };
      this.windows.set(message, w);
    }
    if (w.logged < this.perMinute) {
      w.logged++;
      this.log[level](fields, message);
      return;
    }
    w.suppressed++;
    if (!w.timer) {
      const window = w;
      window.timer = setTimeout(() => {
        if (this.windows.get(message) === window) this.windows.delete(message);
        this.flush(message, window);
      }, WINDOW_MS - (now - w.startedAt));
      window.timer.unref();
    }
  }

  private flush(message: string, w: Window): void {
    if (w.timer) clearTimeout(w.timer);
    w.timer = undefined;
    if (w.suppressed > 0) this.log[w.level]({ suppressed: w.suppressed, sampled: true }, `${message} (${w.suppressed} more in the last minute, not logged one by one)`);
    w.suppressed = 0;
  }
}
