import { Router } from 'express';
import type { ConsoleAuth } from '../auth/ConsoleAuth.js';
import type { JobsView } from '../core/api/distribution.js';
import { SatisfyError } from '../errors.js';
import { staffSession } from '../http/staffSession.js';
import type { JobQueue } from './JobQueue.js';

/**
 * What the scheduler is doing, for admins: waiting, running and dead jobs, and the dead letters
 * with the reason each was given up (an invitation that could not be sent, a webhook endpoint
 * that kept failing); a dead job can be tried again.
 */
export function jobRoutes(deps: { jobs: JobQueue; auth: ConsoleAuth; now: () => number }): Router {
  const router = Router();
  const admin = staffSession(deps.auth, { unauthorized: 'Sign in as an admin, or send Authorization: Bearer <ADMIN_TOKEN>.', adminOnly: 'The scheduler is for admins.' });

  router.get('/api/jobs', admin, async (req, res) => {
    const limit = Math.min(500, Math.max(1, Number(req.query.limit ?? 100) || 100));
    const [counts, dead] = await Promise.all([deps.jobs.counts(), deps.jobs.deadLetters(limit)]);
    res.json({ counts, dead: dead.map((j) => ({ id: j.id, kind: j.kind, attempts: j.attempts, lastError: j.lastError ?? null, diedAt: new Date(j.diedAt).toISOString(), payload: j.payload })) } satisfies JobsView);
  });

  router.post('/api/jobs/:id/revive', admin, async (req, res) => {
    const id = String(req.params.id);
    if (!(await deps.jobs.revive(id, deps.now()))) throw new SatisfyError('NOT_FOUND', `No dead job "${id.slice(0, 128)}".`);
    res.json({ id, revived: true });
  });
  return router;
}
