import type { Logger } from 'pino';

/**
 * Runs `task` every `ms`, never two at once (a slow Redis does not pile runs up), logging
 * failures without stopping. Returns the function that stops it and waits for a run under way.
 */
export function runEvery(ms: number, task: () => Promise<unknown>, log: Logger, what: string): () => Promise<void> {
  let running: Promise<void> | undefined;
  let lastError = '';
  const timer = setInterval(() => {
    if (running) return;
    running = task()
      .then(() => {
        lastError = '';
      })
      .catch((err: unknown) => {
        const message = (err as Error).message;
        // One line per distinct failure: a Redis that is away for a minute is not 120 warnings.
        if (message !== lastError) log.warn({ err: message }, `${what} failed; will retry`);
        lastError = message;
      })
      .finally(() => {
        running = undefined;
      });
  }, ms);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
