/**
 * Send invitations from a CSV file: read in the browser (Papa Parse, fetched with import() the
 * first time a file is picked), checked row by row (csvInvitations.ts), previewed with each
 * row's problems, then sent in batches of at most 1,000 (POST /api/invitations/batch). Rows with
 * problems are never sent; each sent row shows what the server made of it.
 */
import { h, replaceChildren, show } from '../../shared/dom.js';
import { ApiError, errorText, type BatchResult, type InvitationRequest } from '../api.js';
import { t, text } from '../lang.js';
import type { StaffContext } from '../page.js';
import { button, on, setBusy } from '../ui.js';
import { batchItemOf, chunks, csvToInvitations, sampleCsv, type CsvMapping, type CsvProblem, type CsvRow } from './csvInvitations.js';
import { dataTable, errorLine, say, section, statusBadge, type Section } from './parts.js';

/** Rows drawn in the preview; the rest are counted (a big file would make a slow page). */
const PREVIEW_ROWS = 300;
const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** What became of a row once sent. */
type Outcome = { status: 'created' | 'existing'; id: string } | { status: 'refused'; reason: string } | { status: 'error'; message: string } | { status: 'notSent' };

export function csvUploadSection(ctx: StaffContext, sent: () => void): Section {
  const file = h('input', { id: 'csv-file', type: 'file', accept: '.csv,text/csv', 'data-testid': 'csv-file' });
  const sample = h('a', { href: '#', class: 'sample-link', 'data-testid': 'csv-sample' }, text('csv.sample'));
  const fileError = errorLine();
  const summary = h('p', { class: 'csv-summary', role: 'status', 'data-testid': 'csv-summary' });
  const sendBtn = button({ class: 'btn btn-primary', 'data-testid': 'csv-send', hidden: true }, () => void send(), '');
  const clearBtn = button({ class: 'btn btn-quiet', 'data-testid': 'csv-clear', hidden: true }, () => clear(), text('csv.clear'));
  const progress = h('p', { class: 'muted', role: 'status', 'data-testid': 'csv-progress', hidden: true });
  const preview = h('div', { 'data-testid': 'csv-preview' });
  const el = section(
    'dist-upload',
    'csv.title',
    'csv.intro',
    [],
    h('div', { class: 'csv-pick' }, h('div', { class: 'field' }, h('label', { for: 'csv-file' }, text('csv.file')), file), sample),
    h('p', { class: 'muted small' }, text('csv.columns'), ' ', h('code', null, 'surveyId, channel, customer.id, customer.email, customer.name, customer.locale, customer.timezone, customer.slackUserId, order.id, sendAt, idempotencyKey'), ' ', text('csv.columnsMore')),
    fileError,
    summary,
    h('div', { class: 'row-actions' }, sendBtn, clearBtn),
    progress,
    preview,
  );

  let mapping: CsvMapping | null = null;
  let fileName = '';
  let outcomes = new Map<number, Outcome>();
  let sending = false;
  let parseError = '';
  let batchError = '';

  on(sample, 'click', (e) => {
    e.preventDefault();
    const url = URL.createObjectURL(new Blob([sampleCsv()], { type: 'text/csv;charset=utf-8' }));
    const a = h('a', { href: url, download: 'satisfy-invitations-sample.csv', hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  });

  on(file, 'change', () => void read());

  async function read(): Promise<void> {
    const f = file.files?.[0];
    clear(false);
    if (!f) return;
    fileName = f.name;
    if (f.size > MAX_FILE_BYTES) return fail(t('csv.tooBig', { mb: MAX_FILE_BYTES / 1024 / 1024 }));
    try {
      const [{ default: Papa }, content, surveys] = await Promise.all([import('papaparse'), f.text(), ctx.api.surveys().then((d) => d.surveys, () => null)]);
      const parsed = Papa.parse<string[]>(content, { skipEmptyLines: 'greedy' });
      // A quote left open eats the rest of the file: say where instead of guessing.
      const fatal = parsed.errors.find((e) => e.type === 'Quotes');
      if (fatal) return fail(t('csv.parseError', { row: (fatal.row ?? 0) + 1, error: fatal.message }));
      const published = surveys ? new Set(surveys.filter((s) => s.publishedVersion !== null).map((s) => s.id)) : undefined;
      mapping = csvToInvitations(parsed.data, published ? { surveys: published } : {});
      redraw();
    } catch (err) {
      fail(t('csv.readError', { error: errorText(err, t) }));
    }
  }

  function fail(message: string): void {
    parseError = message;
    redraw();
  }

  function clear(resetInput = true): void {
    mapping = null;
    parseError = '';
    batchError = '';
    fileName = '';
    outcomes = new Map();
    if (resetInput) file.value = '';
    redraw();
  }

  /** Not sent yet, or not made because its batch was refused: the send button (again) sends these. */
  const pending = (r: CsvRow) => {
    const o = outcomes.get(r.row);
    return !o || o.status === 'error' || o.status === 'notSent';
  };
  const ready = () => (mapping && !mapping.fileProblems.length ? mapping.rows.filter((r) => r.invitation) : []);

  async function send(): Promise<void> {
    const rows = ready().filter(pending);
    if (!rows.length || sending) return;
    sending = true;
    batchError = '';
    setBusy(sendBtn, true);
    show(progress, true);
    let done = 0;
    try {
      for (const chunk of chunks(rows)) {
        progress.textContent = t('csv.progress', { done, total: rows.length });
        let answer: BatchResult;
        try {
          answer = await ctx.api.inviteBatch(chunk.map((r) => r.invitation as InvitationRequest));
        } catch (err) {
          // A refused batch made nothing: the row the server names gets its message, the rest wait.
          const at = err instanceof ApiError && err.status === 400 ? batchItemOf(err.message) : undefined;
          for (const [i, r] of chunk.entries()) outcomes.set(r.row, i === at || at === undefined ? { status: 'error', message: errorText(err, t) } : { status: 'notSent' });
          batchError = t('csv.batchFailed', { error: errorText(err, t) });
          break;
        }
        answer.results.forEach((res, i) => {
          const r = chunk[i];
          if (!r) return;
          outcomes.set(r.row, res.status === 'refused' ? { status: 'refused', reason: res.reason } : { status: res.status, id: res.invitation.id });
        });
        done += chunk.length;
        redraw();
      }
    } finally {
      sending = false;
      setBusy(sendBtn, false);
      progress.textContent = t('csv.progressDone', { done, total: rows.length });
      redraw();
      if (done) sent();
    }
  }

  const problemText = (p: CsvProblem) => t(p.key, p.params);

  function outcomeCell(r: CsvRow): HTMLElement {
    if (r.problems.length) return h('ul', { class: 'csv-problems' }, ...r.problems.map((p) => h('li', null, problemText(p))));
    const o = outcomes.get(r.row);
    if (!o) return h('span', { class: 'muted' }, t('csv.outcome.ready'));
    if (o.status === 'refused') return h('span', null, statusBadge(o.reason, t(`inv.reason.${o.reason}`)), h('span', { class: 'muted small' }, ` ${t(`inv.reason.${o.reason}.why`)}`));
    if (o.status === 'error') return h('span', { class: 'csv-error' }, o.message);
    return statusBadge(o.status, t(`csv.outcome.${o.status}`));
  }

  function redraw(): void {
    show(clearBtn, !!(mapping || parseError));
    say(fileError, parseError || (mapping?.fileProblems.length ? t('csv.fileProblems', { file: fileName }) : batchError));
    if (!mapping || parseError) {
      say(summary, '');
      show(sendBtn, false);
      replaceChildren(preview, mapping?.fileProblems.length ? problemsList(mapping.fileProblems) : null);
      return;
    }
    if (mapping.fileProblems.length) {
      say(summary, '');
      show(sendBtn, false);
      replaceChildren(preview, problemsList(mapping.fileProblems));
      return;
    }
    const good = ready();
    const bad = mapping.rows.length - good.length;
    const waiting = good.filter(pending).length;
    const count = (s: Outcome['status']) => [...outcomes.values()].filter((o) => o.status === s).length;
    say(
      summary,
      outcomes.size
        ? t('csv.summary.sent', { created: count('created'), existing: count('existing'), refused: count('refused'), invalid: bad })
        : t('csv.summary', { file: fileName, count: mapping.rows.length, ready: good.length, invalid: bad }),
    );
    show(sendBtn, waiting > 0);
    sendBtn.textContent = t('csv.send', { count: waiting });
    // Rows with problems first: they are what needs a look.
    const rows = [...mapping.rows].sort((a, b) => Number(!b.problems.length) - Number(!a.problems.length) || a.row - b.row);
    const shown = rows.slice(0, PREVIEW_ROWS);
    const cell = (v: string | undefined) => (v ? v : h('span', { class: 'muted' }, '—'));
    replaceChildren(
      preview,
      dataTable(
        'csv-table',
        ['csv.col.row', 'csv.col.survey', 'csv.col.channel', 'csv.col.customer', 'csv.col.contact', 'csv.col.sendAt', 'csv.col.outcome'],
        shown.map((r) => {
          const c = r.cells;
          const o = outcomes.get(r.row);
          return {
            attrs: { 'data-testid': 'csv-row', 'data-row': String(r.row), 'data-state': r.problems.length ? 'invalid' : (o?.status ?? 'ready'), class: r.problems.length ? 'csv-invalid' : '' },
            cells: [String(r.row), cell(c.surveyId), cell(r.invitation?.channel ?? c.channel), cell(c['customer.id']), cell(c['customer.email'] ?? c['customer.slackUserId']), cell(c.sendAt), outcomeCell(r)],
          };
        }),
      ),
      rows.length > shown.length ? h('p', { class: 'muted' }, t('csv.moreRows', { count: rows.length - shown.length })) : null,
    );
  }

  function problemsList(problems: CsvProblem[]): HTMLElement {
    return h('ul', { class: 'csv-problems', 'data-testid': 'csv-file-problems' }, ...problems.map((p) => h('li', null, problemText(p))));
  }

  return {
    el,
    load: async () => {},
    redraw,
    reset: () => {
      show(progress, false);
      clear();
    },
  };
}
