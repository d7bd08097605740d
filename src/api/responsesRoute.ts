import { Router } from 'express';
import { z } from 'zod';
import type { ResponseStore } from '../core/ports.js';
import { maskResponse } from '../core/privacy/maskRecords.js';
import { sendError } from '../http/sendError.js';

const MAX_LIMIT = 1000;

/** A date (2026-11-01, meaning the whole day) or a full ISO timestamp. */
const bound = (endOfDay: boolean) =>
  z
    .string()
    .refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date or time')
    .transform((s) => {
      const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(s);
      const d = new Date(dateOnly ? `${s}T00:00:00.000Z` : s);
      if (dateOnly && endOfDay) d.setUTCHours(23, 59, 59, 999);
      return d.toISOString();
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
