/**
 * A CSV file of invitations (already split into cells by the CSV parser) → the items of
 * POST /api/invitations/batch, with each row's problems. Pure: no DOM, no clock; problems are
 * string keys with parameters, so the page says them in the staff member's language and the unit
 * tests (test/unit/web/csvInvitations.test.ts) read them as tables.
 *
 * The checks repeat the server's (src/distribution/distributionRoutes.ts), because the server
 * refuses a whole batch for one bad item: a row that would be refused is shown and not sent, and
 * the good rows still go.
 */
import type { InvitationRequest } from '../../../src/core/api/distribution.js';

/** The columns with a meaning of their own; any other `customer.*` / `order.*` column goes into that object. */
export const CSV_COLUMNS = ['surveyId', 'channel', 'customer.id', 'customer.email', 'customer.name', 'customer.locale', 'customer.timezone', 'customer.slackUserId', 'order.id', 'sendAt', 'idempotencyKey'] as const;
/** Top-level fields besides the ones above (the survey language for this invitation). */
const TOP_LEVEL = ['surveyId', 'channel', 'sendAt', 'idempotencyKey', 'locale'] as const;
type TopLevel = (typeof TOP_LEVEL)[number];
const CUSTOMER_FIELDS = ['id', 'email', 'name', 'locale', 'timezone', 'slackUserId'] as const;

export const CHANNELS = ['link', 'email', 'slack'] as const;
/** The server's batch limit: bigger files are sent in chunks of this many rows. */
export const BATCH_SIZE = 1000;
/** More rows than this in one file is more likely a mistake (and a long wait) than a plan. */
export const MAX_ROWS = 20_000;
const MAX_CONTEXT_JSON = 16 * 1024;

// The server's own rules (zod in distributionRoutes.ts), as the browser can check them.
const SURVEY_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const EMAIL = /^(?!\.)(?!.*\.\.)([A-Za-z0-9_'+\-.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;
const SLACK_USER = /^[UW][A-Z0-9]{2,20}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** A problem to show: a key in web/staff/locales (`csv.problem.*`), its parameters, and the column it is about. */
export interface CsvProblem {
  key: string;
  column?: string;
  params?: Record<string, string | number>;
}

export interface CsvRow {
  /** The row's number as a spreadsheet shows it: the header is row 1. */
  row: number;
  /** The row's non-empty cells by canonical column name (`surveyId`, `customer.email`, …), for the preview. */
  cells: Record<string, string>;
  /** What would be sent; undefined when the row has problems. */
  invitation?: InvitationRequest;
  problems: CsvProblem[];
}

export interface CsvMapping {
  /** The header as read (trimmed). */
  columns: string[];
  /** Problems with the file itself (header, size): nothing is sent while there are any. */
  fileProblems: CsvProblem[];
  rows: CsvRow[];
}

export interface MappingOptions {
  /** The survey ids that exist; when given, an unknown one is a row problem (else the server says it). */
  surveys?: ReadonlySet<string>;
  /** Whether a string is an IANA time zone; the browser's Intl by default. */
  isTimeZone?: (tz: string) => boolean;
}

/** The browser's (and Node's) own list of time zones decides, as the server's does. */
export function intlTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

type Column = { kind: 'top'; name: TopLevel } | { kind: 'customer' | 'order'; name: string };

/** `customer.email` → where it goes; null for a column we do not know. */
function columnOf(header: string): Column | null {
  const top = TOP_LEVEL.find((c) => c.toLowerCase() === header.toLowerCase());
  if (top) return { kind: 'top', name: top };
  const m = /^(customer|order)\.(.+)$/i.exec(header);
  const name = m?.[2]!.trim();
  if (!m || !name) return null;
  const kind = m[1]!.toLowerCase() as 'customer' | 'order';
  // The fields the server reads by name are matched whatever their case ("customer.Email").
  const known = kind === 'customer' ? CUSTOMER_FIELDS.find((f) => f.toLowerCase() === name.toLowerCase()) : name.toLowerCase() === 'id' ? 'id' : undefined;
  return { kind, name: known ?? name };
}

/**
 * Maps the parsed table (the first row is the header) to invitations. Empty rows are skipped;
 * empty cells are left out; values are trimmed and kept as text.
 */
export function csvToInvitations(table: readonly (readonly string[])[], options: MappingOptions = {}): CsvMapping {
  const isTimeZone = options.isTimeZone ?? intlTimeZone;
  const [head = [], ...body] = table;
  const columns = head.map((c, i) => (i === 0 ? c.replace(/^\uFEFF/, '') : c).trim());
  const fileProblems: CsvProblem[] = [];
  const where: (Column | null)[] = columns.map(columnOf);

  if (!columns.some(Boolean)) fileProblems.push({ key: 'csv.problem.noHeader' });
  columns.forEach((c, i) => {
    if (!c) fileProblems.push({ key: 'csv.problem.emptyColumn', params: { n: i + 1 } });
    else if (!where[i]) fileProblems.push({ key: 'csv.problem.unknownColumn', column: c, params: { column: c } });
  });
  const seen = new Map<string, number>();
  columns.forEach((c, i) => {
    const w = where[i];
    if (!w) return;
    const id = `${w.kind}.${w.name}`;
    if (seen.has(id)) fileProblems.push({ key: 'csv.problem.repeatedColumn', column: c, params: { column: c } });
    seen.set(id, i);
  });
  for (const required of ['top.surveyId', 'customer.id']) {
    if (columns.some(Boolean) && !seen.has(required)) fileProblems.push({ key: 'csv.problem.missingColumn', params: { column: required.replace(/^top\./, '') } });
  }

  const rows: CsvRow[] = [];
  body.forEach((cells, i) => {
    if (cells.every((c) => !c.trim())) return;
    rows.push(mapRow(cells, i + 2, columns, where, options.surveys, isTimeZone));
  });
  if (rows.length > MAX_ROWS) fileProblems.push({ key: 'csv.problem.tooManyRows', params: { max: MAX_ROWS, count: rows.length } });
  if (!fileProblems.length && !rows.length) fileProblems.push({ key: 'csv.problem.noRows' });
  return { columns, fileProblems, rows };
}

function mapRow(cells: readonly string[], row: number, columns: string[], where: (Column | null)[], surveys: ReadonlySet<string> | undefined, isTimeZone: (tz: string) => boolean): CsvRow {
  const problems: CsvProblem[] = [];
  const top: Partial<Record<TopLevel, string>> = {};
  const customer: Record<string, string> = {};
  const order: Record<string, string> = {};
  const shown: Record<string, string> = {};
  if (cells.length > columns.length && cells.slice(columns.length).some((c) => c.trim())) problems.push({ key: 'csv.problem.extraCells', params: { count: cells.length, columns: columns.length } });
  where.forEach((w, i) => {
    const value = (cells[i] ?? '').trim();
    if (!w || !value) return;
    shown[w.kind === 'top' ? w.name : `${w.kind}.${w.name}`] = value;
    if (w.kind === 'top') top[w.name] = value;
    else (w.kind === 'customer' ? customer : order)[w.name] = value;
  });
  const bad = (column: string, key: string, params: Record<string, string | number> = {}) => problems.push({ key: `csv.problem.${key}`, column, params: { column, ...params } });

  if (!top.surveyId) bad('surveyId', 'required');
  else if (!SURVEY_ID.test(top.surveyId)) bad('surveyId', 'surveyId');
  else if (surveys && !surveys.has(top.surveyId)) bad('surveyId', 'unknownSurvey', { survey: top.surveyId });

  const channel = (top.channel ?? 'link').toLowerCase();
  if (!(CHANNELS as readonly string[]).includes(channel)) bad('channel', 'channel', { channels: CHANNELS.join(', ') });

  if (!customer.id) bad('customer.id', 'required');
  else if (customer.id.length > 128) bad('customer.id', 'tooLong', { max: 128 });
  if (customer.name !== undefined && customer.name.length > 200) bad('customer.name', 'tooLong', { max: 200 });
  if (customer.email !== undefined && (customer.email.length > 254 || !EMAIL.test(customer.email))) bad('customer.email', 'email');
  if (customer.slackUserId !== undefined && !SLACK_USER.test(customer.slackUserId)) bad('customer.slackUserId', 'slackUserId');
  if (customer.locale !== undefined && customer.locale.length > 35) bad('customer.locale', 'tooLong', { max: 35 });
  if (customer.timezone !== undefined && (customer.timezone.length > 64 || !isTimeZone(customer.timezone))) bad('customer.timezone', 'timezone');
  if (channel === 'email' && !customer.email) bad('customer.email', 'emailNeeded');
  if (channel === 'slack' && !customer.email && !customer.slackUserId) bad('customer.slackUserId', 'slackNeeded');

  if (top.sendAt !== undefined && (!ISO_TIME.test(top.sendAt) || Number.isNaN(Date.parse(top.sendAt)))) bad('sendAt', 'sendAt');
  if (top.locale !== undefined && top.locale.length > 35) bad('locale', 'tooLong', { max: 35 });
  if (top.idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(top.idempotencyKey)) bad('idempotencyKey', 'idempotencyKey');
  for (const k of Object.keys(order)) if (k.length > 64) bad(`order.${k}`, 'orderKey');
  if (JSON.stringify(customer).length > MAX_CONTEXT_JSON) bad('customer', 'tooBig');
  if (JSON.stringify(order).length > MAX_CONTEXT_JSON) bad('order', 'tooBig');

  if (problems.length) return { row, cells: shown, problems };
  const invitation: InvitationRequest = {
    surveyId: top.surveyId!,
    channel: channel as (typeof CHANNELS)[number],
    customer: { ...customer, id: customer.id! },
    ...(Object.keys(order).length ? { order } : {}),
    ...(top.sendAt ? { sendAt: top.sendAt } : {}),
    ...(top.locale ? { locale: top.locale } : {}),
    ...(top.idempotencyKey ? { idempotencyKey: top.idempotencyKey } : {}),
  };
  return { row, cells: shown, invitation, problems };
}

/** Rows in chunks the server takes in one batch, keeping each row's place. */
export function chunks<T>(items: readonly T[], size = BATCH_SIZE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The index inside a batch that the server's 400 names ("invitations[3].customer.email: …"), if any. */
export function batchItemOf(message: string): number | undefined {
  const m = /invitations\[(\d+)\]/.exec(message);
  return m ? Number(m[1]) : undefined;
}

/** A CSV value, quoted when it must be (RFC 4180). */
const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The sample file the page offers: the columns, and one row per channel. */
export function sampleCsv(surveyId = 'post-purchase'): string {
  const rows: string[][] = [
    [...CSV_COLUMNS, 'customer.tier', 'order.total'],
    [surveyId, 'link', '1001', '', 'Ana García', 'es', 'Europe/Madrid', '', 'A-1001', '', 'order-A-1001', 'gold', '59.90'],
    [surveyId, 'email', '1002', 'li.wei@example.com', 'Li Wei', 'zh-CN', 'Asia/Shanghai', '', 'A-1002', '2026-12-01T10:00:00Z', 'order-A-1002', '', '120.00'],
    [surveyId, 'slack', '1003', 'sam@example.com', 'Sam Smith', 'en', 'America/New_York', '', 'A-1003', '', 'order-A-1003', 'silver', '15.50'],
  ];
  return `${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
