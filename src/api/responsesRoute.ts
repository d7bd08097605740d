import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { Router, type Response } from 'express';
import { z } from 'zod';
import type { ResponsePosition, ResponseStore, SurveyResponse } from '../core/ports.js';
import { maskResponse } from '../core/privacy/maskRecords.js';
import { parseSegmentFilter, SEGMENT_PREFIX } from '../core/results/resultsQuery.js';
import type { CompiledScript } from '../core/script/compiled.js';
import { SURVEY_ID } from '../core/script/schema.js';
import { isSatisfyError } from '../errors.js';
import { parseDateBound } from '../http/parseDateBound.js';
import { sendError } from '../http/sendError.js';
import type { Results } from '../results/Results.js';
import type { ScriptRegistry } from '../scripts/ScriptRegistry.js';
import { eachResponse, responseColumns, type ResponseFilter } from './responseTable.js';

export const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
/** Export bytes waiting for a slow client before the next page is read. */
const EXPORT_BACKLOG_BYTES = 1 << 20;

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
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).optional(),
  cursor: z.string().max(400).optional(),
  format: z.enum(['json', 'csv', 'xlsx']).default('json'),
});

export interface ResponsesDeps {
  responses: ResponseStore;
  scripts: ScriptRegistry;
  /** Every version of a survey, oldest first (the export's columns cover them all). */
  versions: (surveyId: string) => Promise<number[]>;
  results: Results;
}

/**
 * GET /api/responses?surveyId=&from=&to=&segment.<name>=&limit=&cursor=&format=json|csv|xlsx
 * (docs/http-api.md): responses in order of start, with what customers typed masked (the
 * unmasked copy is the customer's own export). JSON comes a page at a time (`next` is the
 * cursor of the following page); CSV and XLSX hold every matching response, streamed row by row.
 */
export function responsesRoute(deps: ResponsesDeps): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const raw = req.query as Record<string, unknown>;
    const query = Query.safeParse(raw);
    if (!query.success) {
      const detail = query.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      return sendError(res, 400, 'BAD_QUERY', detail);
    }
    const segment = parseSegmentFilter(Object.fromEntries(Object.entries(raw).filter(([k]) => k.startsWith(SEGMENT_PREFIX))));
    if (!segment.ok) return sendError(res, 400, 'BAD_QUERY', segment.message);
    const { surveyId, from, to, limit, cursor, format } = query.data;
    const filter: ResponseFilter = { ...(surveyId ? { surveyId } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}), ...(segment.value ? { segment: segment.value } : {}) };
    if (filter.segment && surveyId && SURVEY_ID.test(surveyId)) {
      // The same check as the results: a misspelt segment is an error, not an empty list.
      const problem = await segmentProblem(deps, surveyId, filter.segment.name);
      if (problem) return sendError(res, 400, 'BAD_QUERY', problem);
    }

    if (format === 'json') {
      const after = cursor === undefined ? undefined : decodeCursor(cursor);
      if (after === null) return sendError(res, 400, 'BAD_QUERY', 'cursor: not a cursor from this API; pass the `next` of the previous page as it is.');
      const size = limit ?? DEFAULT_LIMIT;
      const page: SurveyResponse[] = [];
      // One more than asked for says whether there is a next page.
      for await (const r of eachResponse(deps.responses, filter, after, Math.min(size + 1, 500))) {
        page.push(r);
        if (page.length > size) break;
      }
      const more = page.length > size;
      const shown = page.slice(0, size);
      return void res.json({ responses: shown.map(maskResponse), next: more ? encodeCursor(shown.at(-1)!) : null });
    }

    if (limit !== undefined || cursor !== undefined) return sendError(res, 400, 'BAD_QUERY', `An export holds every matching response: leave out limit and cursor with format=${format}.`);
    if (!surveyId) return sendError(res, 400, 'BAD_QUERY', `surveyId: an export is of one survey (its questions are the columns); add surveyId=… to format=${format}.`);
    const scripts = await scriptsOf(deps, surveyId);
    if (!scripts.length) return sendError(res, 404, 'SURVEY_NOT_FOUND', `No survey "${surveyId.slice(0, 64)}".`);
    const name = `${surveyId}-responses${from ? `-from-${from.slice(0, 10)}` : ''}${to ? `-to-${to.slice(0, 10)}` : ''}.${format}`;
    res.set('Cache-Control', 'no-store');
    res.set('Content-Disposition', `attachment; filename="${name}"`);
    if (format === 'csv') await streamCsv(res, deps.responses, filter, scripts);
    else await streamXlsx(res, deps.responses, filter, scripts);
  });
  return router;
}

async function segmentProblem(deps: ResponsesDeps, surveyId: string, name: string): Promise<string | undefined> {
  try {
    const names = await deps.results.segmentNames(surveyId, await deps.scripts.published(surveyId));
    return names.includes(name) ? undefined : `Unknown segment "${name.slice(0, 64)}": survey "${surveyId}" is split by ${names.join(', ')}.`;
  } catch (err) {
    // No such survey: nothing matches, as with any unknown surveyId.
    if (isSatisfyError(err, 'SURVEY_NOT_FOUND')) return undefined;
    throw err;
  }
}

/** The published version first (its question order leads), then the others, newest first. */
async function scriptsOf(deps: ResponsesDeps, surveyId: string): Promise<CompiledScript[]> {
  if (!SURVEY_ID.test(surveyId)) return [];
  const versions = await deps.versions(surveyId);
  if (!versions.length) return [];
  const published = await deps.scripts.published(surveyId).catch(() => undefined);
  const others = await Promise.all(versions.filter((v) => v !== published?.version).reverse().map((v) => deps.scripts.get(surveyId, v)));
  return published ? [published, ...others] : others;
}

/** Opaque to callers: where the page ended, base64url JSON. */
export function encodeCursor(r: ResponsePosition): string {
  return Buffer.from(JSON.stringify([r.startedAt, r.id])).toString('base64url');
}

/** The position in a cursor; null when it is not one of ours. */
export function decodeCursor(text: string): ResponsePosition | null {
  try {
    const v = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(v) || v.length !== 2 || typeof v[0] !== 'string' || typeof v[1] !== 'string' || Number.isNaN(Date.parse(v[0])) || !v[1]) return null;
    return { startedAt: v[0], id: v[1] };
  } catch {
    return null;
  }
}

/** Aborted when the client goes away before the export is complete. */
function gone(res: Response): AbortSignal {
  const abort = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  return abort.signal;
}

/**
 * Runs an export: `rows` writes every row, `done` ends the file. A client that goes away stops
 * it (nothing more is read). A failure half-way (the store away) cuts the connection rather
 * than ending the file (a file that merely stopped would look complete); one before anything
 * was sent is answered as any error is.
 */
async function exporting(res: Response, rows: (signal: AbortSignal) => Promise<void>, done: () => Promise<void>, drop: () => void): Promise<void> {
  const signal = gone(res);
  try {
    await rows(signal);
    if (signal.aborted) return drop();
    await done();
  } catch (err) {
    drop();
    if (signal.aborted) return;
    // Nothing sent yet: the error gets its usual answer (503 when the store is away).
    if (res.headersSent) res.destroy();
    throw err;
  }
  await finished(res).catch(() => undefined);
}

async function streamCsv(res: Response, store: ResponseStore, filter: ResponseFilter, scripts: readonly CompiledScript[]): Promise<void> {
  const columns = responseColumns(scripts);
  res.type('text/csv; charset=utf-8');
  // A byte order mark, so spreadsheet programs read the Chinese and Spanish text as UTF-8.
  const csv = stringify({ bom: true, header: true, columns: columns.map((c) => c.header) });
  csv.pipe(res);
  await exporting(
    res,
    async (signal) => {
      for await (const r of eachResponse(store, filter)) {
        if (signal.aborted) return;
        if (!csv.write(columns.map((c) => c.cell(r)))) await once(csv, 'drain', { signal });
      }
    },
    async () => void csv.end(),
    () => csv.destroy(),
  );
}

async function streamXlsx(res: Response, store: ResponseStore, filter: ResponseFilter, scripts: readonly CompiledScript[]): Promise<void> {
  const columns = responseColumns(scripts);
  res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  // exceljs is a large module graph only exports need: loaded on the first one, off the start path.
  const { default: ExcelJS } = await import('exceljs');
  const out = new PassThrough();
  out.pipe(res);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Responses');
  sheet.addRow(columns.map((c) => c.header)).commit();
  await exporting(
    res,
    async (signal) => {
      let rows = 0;
      for await (const r of eachResponse(store, filter)) {
        if (signal.aborted) return;
        sheet.addRow(columns.map((c) => c.cell(r))).commit();
        // The zip writer does not push back: wait here while a slow client leaves much unsent.
        if (++rows % 500 === 0) while (out.writableLength > EXPORT_BACKLOG_BYTES) await once(out, 'drain', { signal });
      }
    },
    async () => {
      sheet.commit();
      await workbook.commit();
    },
    () => out.destroy(),
  );
}
