import { Router } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { PRIORITIES, type Agent, type CaseStatus, type CaseSummary, type EscalationCase } from '../core/cases.js';
import type { Clock } from '../core/ports.js';
import type { CannedReply } from '../core/cases/cannedReply.js';
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
  /** Canned replies for the reply box (CANNED_REPLIES_FILE). */
  cannedReplies?: readonly CannedReply[];
}

const VIEWS: readonly CaseView[] = ['all', 'mine', 'queue'];
const MAX_NAME_CHARS = 100;

/** The JSON API of the staff app's cases page (web/staff/console; docs/agent-guide.md). Cases
 * go out with what customers typed masked (docs/operations/privacy.md). The page itself is staffRoutes'. */
export function consoleRoutes({ desk, auth, clock, cannedReplies = [] }: ConsoleDeps): Router {
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
  api.get('/canned-replies', (_req, res) => void res.json({ replies: cannedReplies }));
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
    const body = (req.body ?? {}) as { agent?: unknown; name?: unknown };
    const id = typeof body.agent === 'string' ? body.agent.trim() : '';
    if (!id || id.length > MAX_NAME_CHARS || id.startsWith('token:') || id.startsWith('slack:')) throw new SatisfyError('BAD_REQUEST', 'Send {"agent": "<their user name>"} to hand the case to an agent of the console.');
    const name = typeof body.name === 'string' && body.name.trim() ? body.name.trim().slice(0, MAX_NAME_CHARS) : id;
    const session = req.session!;
    const me = agentOf(session);
    // Assigning to oneself keeps the name one signed in with.
    const to: Agent = id === me.id ? me : { id, name, via: 'console' };
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
