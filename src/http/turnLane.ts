import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorRequestHandler, Express, Request, RequestHandler, Response } from 'express';
import { leanJsonFits, readLeanJson } from './leanJson.js';
import type { RateLimits } from './RateLimits.js';

/** A turn handler: answers the request itself (a rejection is an error for `errors`). */
export type TurnHandler = RequestHandler;

export interface TurnLaneDeps {
  /** The app whose request and response prototypes (res.json, req.ip, its settings) the lane uses. */
  app: Express;
  /** The app's first middleware, in its order: request id, access log, proxy warning. Each is
   * synchronous and calls next. */
  first: readonly RequestHandler[];
  /** The chat API's CORS middleware (the web chat's turn only). */
  cors: RequestHandler;
  rateLimits: RateLimits;
  /** express.json as the app mounts it for these routes: reads what the lean reader leaves. */
  json: RequestHandler;
  /** Its limit, in bytes. */
  jsonLimit: number;
  botFramework: TurnHandler;
  directLineActivity: TurnHandler;
  /** The app's error handler, for what would reach it through express. */
  errors: ErrorRequestHandler;
}

const ACTIVITIES = /^\/v3\/directline\/conversations\/([^/]+)\/activities$/;
const noop = () => {};

/**
 * The customer-turn lane: POST /api/messages and POST /v3/directline/conversations/:id/activities,
 * the bulk of the traffic, served in front of express's router with the same middleware, limits
 * and handlers, minus the machinery a turn paid for around them (the router's layer walk and
 * `next` closures, express-rate-limit's per-request awaits, body-parser's content-type parsing,
 * raw-body and iconv-lite). Only the paths spelled exactly so (as clients send them) are taken;
 * any other spelling express also routes there (another case, a trailing slash, a percent-escape
 * that does not decode) goes to express, as does an unusual body (see leanJsonFits). Returns
 * whether it took the request.
 */
export function turnLane(deps: TurnLaneDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  const { app, first, cors, rateLimits, json, jsonLimit, errors } = deps;
  const [stamp, logged, warnProxy] = first as [RequestHandler, RequestHandler, RequestHandler];
  if (first.length !== 3) throw new Error('turnLane: expects the request id, access log and proxy warning middleware');

  return (raw, rawRes) => {
    if (raw.method !== 'POST') return false;
    const url = raw.url ?? '';
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
    let handler: TurnHandler;
    let conversationId: string | undefined;
    if (path === '/api/messages') handler = deps.botFramework;
    else {
      const id = ACTIVITIES.exec(path)?.[1];
      if (id === undefined) return false;
      conversationId = decoded(id);
      if (conversationId === undefined) return false;
      handler = deps.directLineActivity;
    }

    // What express's app.handle and router do before the first middleware.
    const req = raw as Request;
    const res = rawRes as Response;
    req.res = res;
    res.req = req;
    Object.setPrototypeOf(req, app.request);
    Object.setPrototypeOf(res, app.response);
    res.locals = Object.create(null) as Response['locals'];
    req.originalUrl = url;
    req.baseUrl = '';
    if (conversationId !== undefined) req.params = { id: conversationId };

    const fail = (err: unknown) => {
      try {
        errors(err, req, res, noop);
      } catch {
        res.destroy();
      }
    };
    const run = () => {
      try {
        const answered: unknown = handler(req, res, noop);
        if (answered instanceof Promise) answered.catch(fail);
      } catch (err) {
        fail(err);
      }
    };
    const read = () => {
      if (leanJsonFits(req, jsonLimit)) {
        readLeanJson(req, jsonLimit, (err, body) => {
          if (err) return fail(err);
          req.body = body;
          run();
        });
      } else json(req, res, (err?: unknown) => (err ? fail(err) : run()));
    };
    const limited = () => {
      const go = rateLimits.admit(req, res, path);
      if (go === true) read();
      else if (go !== false) go.then((ok) => ok && read(), fail);
    };
    try {
      stamp(req, res, () =>
        logged(req, res, () =>
          warnProxy(req, res, () => {
            if (conversationId === undefined) limited();
            else cors(req, res, (err?: unknown) => (err ? fail(err) : limited()));
          }),
        ),
      );
    } catch (err) {
      fail(err);
    }
    return true;
  };
}

/** Installs the lane in front of the app's router: express calls app.handle for every request,
 * from app.listen's server and from any server the app is given to (tests' supertest too). */
export function installTurnLane(app: Express, lane: (req: IncomingMessage, res: ServerResponse) => boolean): void {
  const target = app as unknown as { handle: (req: IncomingMessage, res: ServerResponse, next?: unknown) => void };
  const handle = target.handle.bind(app);
  target.handle = (req, res, next) => {
    // Mounted under another app (next given), express goes on as usual.
    if (next === undefined && lane(req, res)) return;
    handle(req, res, next);
  };
}

/** The id as express decodes a route parameter; undefined when it cannot (express answers that). */
function decoded(id: string): string | undefined {
  if (!id.includes('%')) return id;
  try {
    return decodeURIComponent(id);
  } catch {
    return undefined;
  }
}
