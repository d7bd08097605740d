import { Router } from 'express';
import { z } from 'zod';
import type { ResponseStore } from '../core/ports.js';
import { maskResponse } from '../core/privacy/maskRecords.js';
import { parseDateBound } from '../http/parseDateBound.js';
import { sendError } from '../http/sendError.js';

const MAX_LIMIT = 1000;

/** A date (2026-11-01, meaning the whole day) or a full ISO timestamp; impossible dates are refused. */
const bound = (endOfDay: boolean) =>
  z.string().transform((s, ctx) => {
    const iso = parseDateBound(s, endOfDay);
    if (iso === undefined) {
      ctx.addIssue({ code: 'custom', message: 'must be a real date (2026-11-01) or an ISO 8601 time with a zone (2026-11-01T09:30:00Z)' });
      return z.NEVER;
    }
    return iso;
  });

const Query = z.object({
  surveyId: z.string().max(64).optional(),
  from: bound(false).optional(),
  to: bound(true).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(MAX_LIMIT),
});

/** GET /api/responses?surveyId=&from=&to=&limit= — responses in order of start, with what
 * customers typed masked (the unmasked copy is the customer's own export). */
export function responsesRoute(responses: ResponseStore): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const query = Query.safeParse(req.query);
    if (!query.success) {
      const detail = query.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      return sendError(res, 400, 'BAD_QUERY', detail);
    }
    res.json({ responses: (await responses.list(query.data)).map(maskResponse) });
  });
  return router;
}
