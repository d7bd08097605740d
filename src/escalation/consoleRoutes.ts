import { Router, type Response } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { z } from 'zod';
import { PRIORITIES, type Agent, type CaseStatus, type CaseSummary, type EscalationCase } from '../core/cases.js';
import type { Clock } from '../core/ports.js';
import { openCasesByAgent } from '../core/cases/roundRobin.js';
import type { AgentRoster } from './AgentRoster.js';
import type { CannedOutcome, CannedReplyLibrary } from './CannedReplyLibrary.js';
import { CannedReplyId, MAX_REPLIES, cannedReplySchema } from './cannedReplies.js';
import { sendError } from '../http/sendError.js';
import { MAX_SEARCH_CHARS, inView, matchesSearch, searchTerms, type CaseView } from '../core/cases/caseSearch.js';
import { maskCase } from '../core/privacy/maskRecords.js';
import { isSatisfyError, SatisfyError } from '../errors.js';
import { parseDateBound } from '../http/parseDateBound.js';
import { CASE_WORKERS, requireRole, staffSession, type Authed } from '../http/staffSession.js';
import type { CaseDesk } from './CaseDesk.js';
import type { ConsoleAuth, ConsoleSession } from '../auth/ConsoleAuth.js';
import { SignInThrottled } from '../auth/SignInThrottle.js';

export const CONSOLE_PATH = '/console';
const STATUSES: readonly CaseStatus[] = ['open', 'claimed', 'resolved', 'expired'];
const MAX_LIST = 500;
const MAX_MESSAGE_CHARS = 4000;

export interface ConsoleDeps {
  desk: CaseDesk;
  auth: ConsoleAuth;
  clock: Clock;
  /** Who cases may be handed to, and who is online. */
  roster: AgentRoster;
  /** Canned replies for the reply box: the file's with admins' changes over them. */
  canned: CannedReplyLibrary;
  /** What GET /agents says about automatic assignment. */
  autoAssign: { mode: 'off' | 'round-robin'; maxOpenPerAgent: number };
}

const NewReply = cannedReplySchema({ id: CannedReplyId });
const ChangedReply = cannedReplySchema({ version: z.number({ message: 'say which version you changed (a number, from GET …/manage)' }).int().min(0) });

const VIEWS: readonly CaseView[] = ['all', 'mine', 'queue'];
const MAX_NAME_CHARS = 100;

/** The JSON API of the staff app's cases page (web/staff/console; docs/agent-guide.md). Cases
 * go out with what customers typed masked (docs/operations/privacy.md). The page itself is staffRoutes'. */
export function consoleRoutes({ desk, auth, clock, roster, canned, autoAssign }: ConsoleDeps): Router {
  const router = Router();

  const api = Router();
  api.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  api.post('/login', async (req, res) => {
    try {
      // An IPv6 client holds a whole subnet: throttled by its /56, as the rate limits count it.
      res.json(await auth.login((req.body ?? {}) as Record<string, unknown>, ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown')));
    } catch (err) {
      if (err instanceof SignInThrottled) res.set('Retry-After', String(err.retryAfterSeconds));
      if (isSatisfyError(err, 'SIGN_IN_BUSY')) res.set('Retry-After', '5');
      throw err;
    }
  });
  api.use(staffSession(auth, { unauthorized: 'Sign in first (POST /console/api/login), then send Authorization: Bearer <token>.' }));
  api.get('/me', (req: Authed, res) => void res.json({ user: req.session }));
  // Viewers sign in here too (for the results), and see who they are; cases are not theirs.
  api.use(requireRole(CASE_WORKERS, 'Cases are for agents and admins; a viewer may read results only.'));
  api.get('/cases', async (req: Authed, res) => {
    const filter = parseFilter(req.query as Record<string, unknown>);
    const now = clock.now();
    const me = agentOf(req.session!).id;
    // Bounded: the search runs over the newest MAX_LIST cases, as masked as the list shows them.
    const cases = (await desk.list(MAX_LIST)).map(maskCase).filter(
      (c) =>
        (!filter.status || filter.status.includes(c.status)) &&
        (!filter.priority || filter.priority.includes(c.priority)) &&
        (!filter.survey || c.surveyId === filter.survey) &&
        (!filter.maxAgeMs || now - Date.parse(c.createdAt) <= filter.maxAgeMs) &&
        (!filter.from || Date.parse(c.createdAt) >= Date.parse(filter.from)) &&
        (!filter.to || Date.parse(c.createdAt) <= Date.parse(filter.to)) &&
        inView(c, filter.view, me) &&
        matchesSearch(c, filter.terms),
    );
    res.json({ cases: cases.map(summary) });
  });
  api.get('/agents', async (_req, res) => {
    const held = openCasesByAgent(await desk.list(MAX_LIST));
    res.json({ agents: await roster.list(held), autoAssign });
  });
  api.get('/canned-replies', async (_req, res) => void res.json({ replies: await canned.current() }));
  // Admins keep the canned replies (docs/agent-guide.md): the file stays the default underneath.
  const admins = requireRole(['admin'], 'Canned replies are edited by admins; agents pick from them.');
  api.get('/canned-replies/manage', admins, async (_req, res) => void res.json({ replies: await canned.all(), max: MAX_REPLIES }));
  api.post('/canned-replies', admins, async (req: Authed, res) => {
    const body = parseBody(NewReply, req.body, res, '{"id": "late-parcel", "title": {"en": "Late parcel"}, "text": {"en": "Hi {name}, your order {orderId} …"}}');
    if (!body) return;
    answerCanned(res, await canned.create(body.id, body, agentOf(req.session!).id), 201);
  });
  api.put('/canned-replies/:id', admins, async (req: Authed, res) => {
    const body = parseBody(ChangedReply, req.body, res, '{"title": {"en": "…"}, "text": {"en": "…"}, "version": 1}');
    if (!body) return;
    answerCanned(res, await canned.update(String(req.params.id), body, body.version, agentOf(req.session!).id));
  });
  api.delete('/canned-replies/:id', admins, async (req: Authed, res) => {
    const version = Number(req.query.version);
    if (req.query.version === undefined || !Number.isInteger(version) || version < 0) throw new SatisfyError('BAD_REQUEST', 'Say which version you are deleting: DELETE /console/api/canned-replies/<id>?version=<its version>.');
    answerCanned(res, await canned.delete(String(req.params.id), version, agentOf(req.session!).id));
  });
  api.post('/canned-replies/:id/restore', admins, async (req, res) => void answerCanned(res, await canned.restore(String(req.params.id))));
  api.get('/cases/:id', async (req, res) => {
    res.json({ case: maskCase(await desk.get(String(req.params.id))) });
  });
  api.post('/cases/:id/claim', async (req: Authed, res) => {
    res.json({ case: maskCase(await desk.claim(String(req.params.id), agentOf(req.session!))) });
  });
  api.post('/cases/:id/messages', async (req: Authed, res) => {
    const text = (req.body as { text?: unknown } | undefined)?.text;
    if (typeof text !== 'string' || !text.trim()) throw new SatisfyError('BAD_REQUEST', 'Send {"text": "..."} with the message for the customer.');
    if (text.length > MAX_MESSAGE_CHARS) throw new SatisfyError('BAD_REQUEST', `Keep a message under ${MAX_MESSAGE_CHARS} characters.`);
    res.json({ case: maskCase(await desk.agentSays(String(req.params.id), agentOf(req.session!), text)) });
  });
  api.post('/cases/:id/notes', async (req: Authed, res) => {
    const text = (req.body as { text?: unknown } | undefined)?.text;
    if (typeof text !== 'string' || !text.trim()) throw new SatisfyError('BAD_REQUEST', 'Send {"text": "..."} with the note for your colleagues.');
    if (text.length > MAX_MESSAGE_CHARS) throw new SatisfyError('BAD_REQUEST', `Keep a note under ${MAX_MESSAGE_CHARS} characters.`);
    res.status(201).json({ case: maskCase(await desk.addNote(String(req.params.id), agentOf(req.session!), text)) });
  });
  api.post('/cases/:id/assign', async (req: Authed, res) => {
    const body = (req.body ?? {}) as { agent?: unknown };
    const id = typeof body.agent === 'string' ? body.agent.trim() : '';
    if (!id || id.length > MAX_NAME_CHARS || id.startsWith('token:') || id.startsWith('slack:')) throw new SatisfyError('BAD_REQUEST', 'Send {"agent": "<their user name>"} (one of GET /console/api/agents) to hand the case to an agent of the console.');
    const session = req.session!;
    const me = agentOf(session);
    // Only someone who may work cases, under the name their account has now (never one the
    // request makes up); assigning to oneself keeps the name one signed in with.
    let to: Agent = me;
    if (id !== me.id) {
      const found = await roster.find(id);
      if (!found.ok && found.why === 'disabled') throw new SatisfyError('AGENT_DISABLED', `${id}'s account is disabled; pick someone else (GET /console/api/agents).`);
      if (!found.ok) throw new SatisfyError('UNKNOWN_AGENT', `Nobody who works cases is called "${id}"; pick one of GET /console/api/agents.`);
      to = found.agent;
    }
    res.json({ case: maskCase(await desk.assign(String(req.params.id), me, to, session.role === 'admin')) });
  });
  api.post('/cases/:id/unclaim', async (req: Authed, res) => {
    const session = req.session!;
    res.json({ case: maskCase(await desk.unclaim(String(req.params.id), agentOf(session), session.role === 'admin')) });
  });
  api.post('/cases/:id/resolve', async (req: Authed, res) => {
    const note = (req.body as { note?: unknown } | undefined)?.note ?? '';
    if (typeof note !== 'string' || note.length > MAX_MESSAGE_CHARS) throw new SatisfyError('BAD_REQUEST', `"note" must be text under ${MAX_MESSAGE_CHARS} characters.`);
    const session = req.session!;
    res.json({ case: maskCase(await desk.resolve(String(req.params.id), agentOf(session), note, session.role === 'admin')) });
  });
  router.use(`${CONSOLE_PATH}/api`, api);
  return router;
}

function parseBody<T>(schema: z.ZodType<T>, value: unknown, res: Response, example: string): T | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    sendError(res, 400, 'BAD_REQUEST', `Send a JSON object (Content-Type: application/json), e.g. ${example}`);
    return undefined;
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
  sendError(res, 400, 'BAD_REQUEST', `${problems.join('; ')}. For example ${example}`);
  return undefined;
}

function answerCanned(res: Response, outcome: CannedOutcome, status = 200): void {
  if (outcome.ok) return void res.status(status).json({ reply: outcome.reply });
  switch (outcome.why) {
    case 'not_found':
      return sendError(res, 404, 'CANNED_REPLY_NOT_FOUND', 'No canned reply has this id (GET /console/api/canned-replies/manage lists them).');
    case 'exists':
      return sendError(res, 409, 'CANNED_REPLY_EXISTS', 'A canned reply with this id exists already; pick another id or change that one.');
    case 'too_many':
      return sendError(res, 409, 'CANNED_REPLY_LIMIT', `There are ${MAX_REPLIES} canned replies already; delete one first.`);
    case 'not_from_file':
      return sendError(res, 404, 'CANNED_REPLY_NOT_FOUND', 'Only a reply from the canned replies file can be restored to the file\'s text.');
    case 'changed':
      return sendError(res, 409, 'CANNED_REPLY_CHANGED', `Someone changed this reply meanwhile (it is at version ${outcome.version} now); reload it and make your change again.`);
  }
}

export function agentOf(session: ConsoleSession): Agent {
  // The team session is not a person: customers are told "a member of our support team".
  if (session.team) return { id: 'token:team', name: 'Support team', via: 'console', team: true };
  return { id: session.name, name: session.displayName ?? session.name, via: 'console' };
}

/** What the list shows: everything but the transcript and the full quotes. */
function summary(c: EscalationCase): CaseSummary {
  const { transcript: _t, quotes, address, notes, ...rest } = c;
  return { ...rest, channel: address.channelId, ...(quotes[0] ? { worstQuote: quotes[0] } : {}), ...(notes?.length ? { noteCount: notes.length } : {}) };
}

interface CaseFilter {
  status?: CaseStatus[];
  priority?: string[];
  survey?: string;
  maxAgeMs?: number;
  from?: string;
  to?: string;
  view: CaseView;
  terms: string[];
}

function parseFilter(query: Record<string, unknown>): CaseFilter {
  // status=open,claimed and status=open&status=claimed (an array from express) mean the same.
  const list = (v: unknown, name: string): string[] | undefined => {
    if (v === undefined || v === '') return undefined;
    const parts = typeof v === 'string' ? [v] : Array.isArray(v) && v.every((p) => typeof p === 'string') ? (v as string[]) : undefined;
    if (!parts) throw new SatisfyError('BAD_REQUEST', `${name} must be a comma-separated list, or the parameter repeated`);
    const items = parts.flatMap((p) => p.split(',')).map((p) => p.trim()).filter(Boolean);
    return items.length ? items : undefined;
  };
  const status = list(query.status, 'status');
  if (status?.some((s) => !STATUSES.includes(s as CaseStatus))) throw new SatisfyError('BAD_REQUEST', `status must be a comma-separated list of ${STATUSES.join(', ')}`);
  const priority = list(query.priority, 'priority');
  if (priority?.some((p) => !(PRIORITIES as readonly string[]).includes(p))) throw new SatisfyError('BAD_REQUEST', `priority must be a comma-separated list of ${PRIORITIES.join(', ')}`);
  const hours = query.maxAgeHours === undefined || query.maxAgeHours === '' ? undefined : Number(query.maxAgeHours);
  if (hours !== undefined && !(hours > 0)) throw new SatisfyError('BAD_REQUEST', 'maxAgeHours must be a positive number');
  const from = dateParam(query.from, 'from', false);
  const to = dateParam(query.to, 'to', true);
  const view = query.view === undefined || query.view === '' ? 'all' : query.view;
  if (typeof view !== 'string' || !(VIEWS as readonly string[]).includes(view)) throw new SatisfyError('BAD_REQUEST', `view must be one of ${VIEWS.join(', ')}`);
  const q = query.q ?? '';
  if (typeof q !== 'string' || q.length > MAX_SEARCH_CHARS) throw new SatisfyError('BAD_REQUEST', `q must be one search text under ${MAX_SEARCH_CHARS} characters`);
  return {
    view: view as CaseView,
    terms: searchTerms(q),
    ...(status ? { status: status as CaseStatus[] } : {}),
    ...(priority ? { priority } : {}),
    ...(typeof query.survey === 'string' && query.survey ? { survey: query.survey } : {}),
    ...(hours ? { maxAgeMs: hours * 3600_000 } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}

function dateParam(value: unknown, name: string, endOfDay: boolean): string | undefined {
  if (value === undefined || value === '') return undefined;
  const iso = typeof value === 'string' ? parseDateBound(value, endOfDay) : undefined;
  if (iso === undefined) throw new SatisfyError('BAD_REQUEST', `${name} must be a real date (2026-11-01) or an ISO 8601 time with a zone (2026-11-01T09:30:00Z)`);
  return iso;
}
