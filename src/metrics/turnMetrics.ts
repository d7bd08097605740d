import type { Middleware, TurnContext } from 'botbuilder';
import type { Metrics } from './Metrics.js';

/** botbuilder middleware on every adapter: counts and times each turn. It sees a turn's error
 * before the adapter's onTurnError does, and passes it on. */
export function turnMetrics(metrics: Metrics): Middleware {
  return {
    onTurn: async (context: TurnContext, next: () => Promise<void>) => {
      const started = performance.now();
      const channel = context.activity.channelId ?? 'unknown';
      let outcome: 'ok' | 'error' = 'error';
      try {
        await next();
        outcome = 'ok';
      } finally {
        metrics.turn(channel, outcome, (performance.now() - started) / 1000);
      }
    },
  };
}
