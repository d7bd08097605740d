import type { ResponseStore, SurveyResponse } from '../core/ports.js';
import type { SegmentFilter } from '../core/api/results.js';
import { maskAnswer } from '../core/privacy/maskRecords.js';
import type { CompiledScript } from '../core/script/compiled.js';
import { responseInSegment } from '../results/responseSegments.js';

/** A cell of an export: numbers stay numbers (ratings in a spreadsheet), the rest is text. */
export type Cell = string | number;

export interface Column {
  header: string;
  cell: (r: SurveyResponse) => Cell;
}

/** What joins the options of a multiple choice answer in one cell. */
export const CHOICE_SEPARATOR = '; ';

/**
 * The columns of a survey's export, one row per response: who and when, the script's segments,
 * then one column per question (in the script's order; questions only older versions had come
 * after), with the sentiment label of open answers beside them, and the escalation rules.
 * Open answers are masked as in every staff view. A skipped or unasked question is empty.
 */
export function responseColumns(scripts: readonly CompiledScript[]): Column[] {
  const segments = [...new Set(scripts.flatMap((s) => s.segments))];
  const questions = new Map<string, CompiledScript['questions'][number]>();
  for (const s of scripts) for (const q of s.questions) if (!questions.has(q.id)) questions.set(q.id, q);
  const answer = (r: SurveyResponse, id: string) => {
    const a = r.answers[id];
    return a && !a.skipped ? maskAnswer(a) : undefined;
  };
  return [
    { header: 'response_id', cell: (r) => r.id },
    { header: 'survey_version', cell: (r) => r.surveyVersion },
    { header: 'channel', cell: (r) => r.channel },
    { header: 'locale', cell: (r) => r.locale },
    { header: 'status', cell: (r) => r.status },
    { header: 'started_at', cell: (r) => r.startedAt },
    { header: 'completed_at', cell: (r) => r.completedAt ?? '' },
    { header: 'ending', cell: (r) => r.endingId ?? '' },
    ...segments.map((name): Column => ({ header: `segment.${name}`, cell: (r) => r.segments?.[name] ?? '' })),
    ...[...questions.values()].flatMap((q): Column[] => {
      const value: Column = { header: q.id, cell: (r) => cellOf(answer(r, q.id)?.value) };
      if (q.type !== 'text') return [value];
      return [value, { header: `${q.id}.sentiment`, cell: (r) => answer(r, q.id)?.sentimentLabel ?? '' }];
    }),
    { header: 'escalations', cell: (r) => r.escalations.map((e) => e.ruleId ?? '@customer').join(CHOICE_SEPARATOR) },
  ];
}

function cellOf(value: unknown): Cell {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.map(String).join(CHOICE_SEPARATOR);
  return String(value);
}

/** A query of the responses listing (the store's, plus the segment filter). */
export interface ResponseFilter {
  surveyId?: string;
  from?: string;
  to?: string;
  segment?: SegmentFilter;
}

/** Every matching response, oldest first, read a page at a time (never all at once). */
export async function* eachResponse(store: ResponseStore, filter: ResponseFilter, after?: { startedAt: string; id: string }, pageSize = 500): AsyncGenerator<SurveyResponse> {
  let cursor = after;
  for (;;) {
    const page = await store.list({
      ...(filter.surveyId ? { surveyId: filter.surveyId } : {}),
      ...(filter.from ? { from: filter.from } : {}),
      ...(filter.to ? { to: filter.to } : {}),
      limit: pageSize,
      ...(cursor ? { after: cursor } : {}),
    });
    for (const r of page) if (!filter.segment || responseInSegment(r, filter.segment)) yield r;
    if (page.length < pageSize) return;
    const last = page.at(-1)!;
    cursor = { startedAt: last.startedAt, id: last.id };
  }
}
