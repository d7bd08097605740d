import type { RequestHandler } from 'express';
import type { Stores } from '../storage/Stores.js';
import type { PromMetrics } from './PromMetrics.js';

/**
 * GET /metrics in Prometheus text format (behind a bearer token, see app.ts). With Redis, each
 * scrape first times one round trip to it, so the histogram follows the scrape interval.
 */
export function metricsRoute(metrics: PromMetrics, stores: Stores): RequestHandler {
  return async (_req, res) => {
    if (stores.kind === 'redis') {
      const started = process.hrtime.bigint();
      if (await stores.ready()) metrics.redisRoundTrip(Number(process.hrtime.bigint() - started) / 1e9);
      else metrics.storeError('redis-probe');
    }
    res.set('Content-Type', metrics.registry.contentType).set('Cache-Control', 'no-store').send(await metrics.registry.metrics());
  };
}
