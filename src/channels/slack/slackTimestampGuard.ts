import type { RequestHandler } from 'express';
import { sendError } from '../../http/sendError.js';

/** Slack's own rule: a request signed more than five minutes from now is a replay. */
export const SLACK_MAX_SKEW_SECONDS = 5 * 60;

/**
 * Refuses Slack requests whose signed timestamp is more than five minutes in the past or in
 * the future. Bolt's ExpressReceiver checks only the past, so a request signed for later (a
 * leaked body with a future timestamp) could be replayed until that time. The signature itself
 * is still Bolt's to check; this looks only at the header, so the raw body stays unread.
 */
export function slackTimestampGuard(now: () => number = Date.now): RequestHandler {
  return (req, res, next) => {
    const header = req.get('x-slack-request-timestamp');
    if (header === undefined) return next();
    const ts = /^\d{1,12}$/.test(header) ? Number(header) : Number.NaN;
    if (!Number.isFinite(ts) || Math.abs(now() / 1000 - ts) > SLACK_MAX_SKEW_SECONDS) {
      return sendError(res, 401, 'STALE_REQUEST', 'The request timestamp is more than five minutes from now; Slack requests cannot be replayed.');
    }
    next();
  };
}
