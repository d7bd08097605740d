import { AsyncLocalStorage } from 'node:async_hooks';

/** The request being served, for whatever runs on its behalf (the bot's turn, a store call);
 * the logger reads it so every line written during a request carries its id. */
const context = new AsyncLocalStorage<{ requestId: string }>();

export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  return context.run({ requestId }, fn);
}

export function currentRequestId(): string | undefined {
  return context.getStore()?.requestId;
}
