import express, { Router, type ErrorRequestHandler, type Request } from 'express';
import { z } from 'zod';
import type { ConsoleAuth } from '../auth/ConsoleAuth.js';
import { ContextRecord } from '../bot/startOptions.js';
import type { Value } from '../core/condition.js';
import type { TurnInput } from '../core/engine/runTurn.js';
import { SatisfyError } from '../errors.js';
import { staffSession, type Authed } from '../http/staffSession.js';
import { sendError } from '../http/sendError.js';
import { MAX_SCRIPT_BYTES } from '../scripts/parseScriptYaml.js';
import { ScriptInvalidError, type ScriptAdmin } from './ScriptAdmin.js';

export const ADMIN_PATH = '/admin';
/** Room for a script at the size limit written as a JSON string (escapes grow it), so an
 * oversized script gets the clear "larger than 256 KiB" problem rather than a bare 413. */
const BODY_LIMIT = MAX_SCRIPT_BYTES * 2 + 64 * 1024;

const Source = z.string().max(MAX_SCRIPT_BYTES * 2, 'the script is too large');
const Input = z.discriminatedUnion('type', [
  // The sample customer and order the preview starts with: the same limits as a real start's
  // (16 KiB of JSON each). Strict, so a misspelt "customers" is refused rather than ignored.
  z.object({ type: z.literal('start'), customer: ContextRecord.optional(), order: ContextRecord.optional() }).strict(),
  z.object({ type: z.literal('text'), text: z.string().max(10_000) }),
  z.object({ type: z.literal('answer'), questionId: z.string().max(64), value: z.unknown() }),
  z.object({ type: z.literal('skip'), questionId: z.string().max(64) }),
]);
const PreviewBody = z.object({ source: Source, locale: z.string().max(35).optional(), session: z.unknown().optional(), input: Input });

export interface AdminDeps {
  admin: ScriptAdmin;
  auth: ConsoleAuth;
}

/** The admin API (docs/http-api.md, docs/writing-surveys.md), admins only: the staff app's surveys page
 * (web/staff/surveys) runs on it. The page itself is staffRoutes'. */
export function adminRoutes({ admin, auth }: AdminDeps): Router {
  const router = Router();

  const api = Router();
  api.use(
    staffSession(auth, {
      unauthorized: 'Sign in first (POST /console/api/login), then send Authorization: Bearer <token>, or the ADMIN_TOKEN.',
      adminOnly: 'Editing surveys is for admins.',
    }),
  );
  // After the sign-in check: nobody gets a large body parsed without a session.
  api.use(express.json({ limit: BODY_LIMIT }));
  const actor = (req: Request) => (req as Authed).session!.name;
  const id = (req: Request) => String(req.params.id);

  api.get('/surveys', async (_req, res) => void res.json({ surveys: await admin.surveys() }));
  api.get('/surveys/:id/versions', async (req, res) => void res.json({ versions: await admin.versions(id(req)) }));
  api.get('/surveys/:id/versions/:n', async (req, res) => {
    const version = await admin.version(id(req), versionNumber(req.params.n));
    if (req.query.format === 'yaml') return void res.type('text/yaml; charset=utf-8').send(version.source);
    res.json({ version });
  });
  api.post('/validate', async (req, res) => {
    res.json(admin.validate(parse(Source, (req.body as { source?: unknown } | undefined)?.source, 'source')));
  });
  api.get('/surveys/:id/draft', async (req, res) => {
    const draft = await admin.draft(id(req));
    if (!draft) return sendError(res, 404, 'NO_DRAFT', `Survey "${id(req)}" has no draft`);
    res.json({ draft });
  });
  api.put('/surveys/:id/draft', async (req, res) => {
    res.json(await admin.saveDraft(id(req), parse(Source, (req.body as { source?: unknown } | undefined)?.source, 'source'), actor(req)));
  });
  api.delete('/surveys/:id/draft', async (req, res) => {
    await admin.deleteDraft(id(req), actor(req));
    res.status(204).end();
  });
  api.post('/surveys/:id/publish', async (req, res) => {
    const body = (req.body ?? {}) as { comment?: unknown; source?: unknown; fromDraft?: unknown };
    const comment = parse(z.string().max(500).default(''), body.comment, 'comment');
    const source = body.source === undefined ? undefined : parse(Source, body.source, 'source');
    const fromDraft = parse(z.string().max(64).optional(), body.fromDraft, 'fromDraft');
    res.json({ version: await admin.publish(id(req), actor(req), comment, source, fromDraft) });
  });
  api.post('/surveys/:id/rollback', async (req, res) => {
    const body = (req.body ?? {}) as { version?: unknown; comment?: unknown };
    const to = parse(z.number().int().min(1), body.version, 'version');
    res.json({ version: await admin.rollback(id(req), to, actor(req), parse(z.string().max(500).optional(), body.comment, 'comment')) });
  });
  api.get('/surveys/:id/diff', async (req, res) => {
    const to = req.query.to === 'draft' ? 'draft' : versionNumber(req.query.to);
    res.json({ diff: await admin.diff(id(req), versionNumber(req.query.from), to) });
  });
  api.get('/surveys/:id/export', async (req, res) => {
    const bundle = await admin.export(id(req));
    res.attachment(`${bundle.surveyId}-versions.json`).json(bundle);
  });
  api.get('/audit', async (req, res) => {
    const limit = req.query.limit === undefined ? 100 : parse(z.coerce.number().int().min(1).max(1000), req.query.limit, 'limit');
    res.json({ entries: await admin.auditLog(typeof req.query.surveyId === 'string' ? req.query.surveyId : undefined, limit) });
  });
  api.post('/preview', async (req, res) => {
    const body = parse(PreviewBody, req.body, 'body');
    const given = body.input;
    // The sample data lives only in this turn and in the session the page sends back: nothing stores it.
    const input: TurnInput =
      given.type === 'start'
        ? {
            type: 'start',
            ...(body.locale ? { locale: body.locale } : {}),
            ...(given.customer ? { customer: given.customer as Record<string, Value> } : {}),
            ...(given.order ? { order: given.order as Record<string, Value> } : {}),
          }
        : given;
    res.json(admin.preview(body.source, input, body.session));
  });
  api.use(invalidScript);
  router.use(`${ADMIN_PATH}/api`, api);
  return router;
}

/** A script that does not validate is a 422 with every problem, for the editor to show. */
const invalidScript: ErrorRequestHandler = (err, _req, res, next) => {
  if (!(err instanceof ScriptInvalidError)) return next(err);
  res.status(422).json({ error: { code: 'SCRIPT_INVALID', message: err.message, problems: err.problems } });
};

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new SatisfyError('BAD_REQUEST', `${what}: ${result.error.issues.map((i) => `${i.path.join('.') || 'value'} ${i.message}`).join('; ')}`);
}

function versionNumber(value: unknown): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new SatisfyError('BAD_REQUEST', 'A version is a whole number from 1');
  return n;
}
