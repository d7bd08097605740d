import { Router, type Request, type Response } from 'express';
import type { ConsoleAuth } from '../auth/ConsoleAuth.js';
import type { Clock } from '../core/ports.js';
import { dayOf } from '../core/results/periods.js';
import { parseInterval, parseResultsQuery, type Parsed, type ResultsQuery } from '../core/results/resultsQuery.js';
import { SURVEY_ID } from '../core/script/schema.js';
import { isSatisfyError } from '../errors.js';
import { sendError } from '../http/sendError.js';
import { staffSession } from '../http/staffSession.js';
import type { Results } from './Results.js';

export const RESULTS_PATH = '/api/results';

/**
 * The results API (docs/http-api.md "Results"), for every staff role (viewers, agents, admins)
 * and the ADMIN_TOKEN; JSON, never cached:
 *   GET /api/results/:surveyId/summary|trend|breakdown|drivers|themes|loop|invitations
 *       ?from=YYYY-MM-DD&to=YYYY-MM-DD&segment.<name>=<value>…  (+ interval=, by=)
 * Bad parameters → 400 BAD_QUERY saying what is wrong; an unknown survey → 404.
 */
export function resultsRoutes({ results, auth, clock }: { results: Results; auth: ConsoleAuth; clock: Clock }): Router {
  const router = Router();
  router.use(RESULTS_PATH, staffSession(auth, { unauthorized: 'Sign in first (POST /console/api/login), then send Authorization: Bearer <token>, or the ADMIN_TOKEN.' }));

  /** `answer` gives the body, or undefined when it has sent a 400 itself. */
  const view = <T>(extra: readonly string[], answer: (surveyId: string, q: ResultsQuery, req: Request, res: Response) => Promise<T> | undefined) =>
    async (req: Request, res: Response): Promise<void> => {
      const surveyId = String(req.params.surveyId);
      if (!SURVEY_ID.test(surveyId)) return sendError(res, 404, 'SURVEY_NOT_FOUND', `No survey "${surveyId.slice(0, 64)}".`);
      const q = parseResultsQuery(req.query as Record<string, unknown>, dayOf(clock.now()), extra);
      if (!q.ok) return sendError(res, 400, 'BAD_QUERY', q.message);
      try {
        const body = await answer(surveyId, q.value, req, res);
        if (body === undefined) return;
        res.json(body);
      } catch (err) {
        if (isSatisfyError(err, 'BAD_REQUEST')) return sendError(res, 400, 'BAD_QUERY', err.message);
        throw err;
      }
    };
  /** A parameter parsed by `parse`, or a 400 sent and undefined. */
  const param = <T>(res: Response, parsed: Parsed<T>): T | undefined => {
    if (parsed.ok) return parsed.value;
    sendError(res, 400, 'BAD_QUERY', parsed.message);
    return undefined;
  };

  router.get(`${RESULTS_PATH}/:surveyId/summary`, view([], (id, q) => results.summary(id, q)));
  router.get(
    `${RESULTS_PATH}/:surveyId/trend`,
    view(['interval'], (id, q, req, res) => {
      const interval = param(res, parseInterval(req.query as Record<string, unknown>));
      return interval && results.trend(id, q, interval);
    }),
  );
  router.get(
    `${RESULTS_PATH}/:surveyId/breakdown`,
    view(['by'], (id, q, req, res) => {
      const by = req.query.by;
      if (typeof by !== 'string' || !by) {
        sendError(res, 400, 'BAD_QUERY', 'Say which segment to break down by: by=<segment>, e.g. by=brand (once).');
        return undefined;
      }
      return results.breakdown(id, q, by);
    }),
  );
  router.get(`${RESULTS_PATH}/:surveyId/drivers`, view([], (id, q) => results.drivers(id, q)));
  router.get(`${RESULTS_PATH}/:surveyId/themes`, view([], (id, q) => results.themes(id, q)));
  router.get(`${RESULTS_PATH}/:surveyId/loop`, view([], (id, q) => results.loop(id, q)));
  router.get(`${RESULTS_PATH}/:surveyId/invitations`, view([], (id, q) => results.invitations(id, q)));
  router.get(`${RESULTS_PATH}/:surveyId/:other`, (req, res) => sendError(res, 404, 'NOT_FOUND', `No results view "${String(req.params.other).slice(0, 40)}": use summary, trend, breakdown, drivers, themes, loop or invitations.`));
  return router;
}
