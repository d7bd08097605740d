/**
 * Surveys (/staff/surveys, admins): the survey list, a new survey from a template, the script
 * editor (CodeMirror, loaded with import() the first time this page opens) checked as you type,
 * save / discard / export, the problems, publish, the preview, the language table, the version
 * history with diffs and rollback, and the audit log. The open survey is in the URL
 * (#survey=<id>). Script text, titles, comments and preview output only go in as text.
 */
import type { DraftStale, SurveySummary, Validation, VersionSummary } from '../../../src/admin/adminTypes.js';
import type { Problem } from '../../../src/core/problem.js';
import { h, replaceChildren, show } from '../../shared/dom.js';
import { ApiError, errorText } from '../api.js';
import { absoluteTime, pathText, relativeTime, str, surveyTitle } from '../format.js';
import { attr, intlLocale, language, onLanguage, t, text } from '../lang.js';
import type { StaffContext, StaffPage } from '../page.js';
import { button, on, say, setBusy } from '../ui.js';
import { createAudit } from './audit.js';
import type { CardsView } from './builder/cardsView.js';
import { renderCoverage } from './coverage.js';
import { createPreview } from './preview.js';
import { plainProblem, type ScriptIds } from './problemText.js';
import { plainEditor, type CreateEditor, type ScriptEditor } from './scriptEditor.js';
import { fromTemplate, TEMPLATE_IDS, type TemplateId } from './surveyTemplates.js';
import { diffLineKind, SURVEY_ID, surveyTemplate, titleFromId } from './template.js';

const VALIDATE_DELAY = 400;

/** The survey being edited: what the list knows, plus whether it exists on the server yet. */
interface OpenSurvey extends SurveySummary {
  isNew: boolean;
}

type Checked = { ok: boolean; surveyId?: string | undefined; problems: Problem[]; coverage: Validation['coverage'] | null; text: string };
type StatusKind = 'info' | 'ok' | 'error';

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const enc = encodeURIComponent;
const authGone = (err: unknown) => err instanceof ApiError && (err.status === 401 || err.status === 403);

export function createSurveysPage(ctx: StaffContext): StaffPage {
  const rel = (iso: string | undefined) => relativeTime(iso, Date.now(), intlLocale(), t);
  const timeEl = (iso: string | undefined) => h('time', { datetime: str(iso), title: absoluteTime(iso, intlLocale()) }, rel(iso));

  // ---------------------------------------------------------------- list pane
  const count = h('span', { class: 'count' });
  const newToggle = button({ class: 'btn btn-quiet', 'aria-expanded': 'false', 'aria-controls': 'new-form', 'data-testid': 'admin-new' }, () => toggleNew(!!newForm.hidden), text('surveys.new'));
  const newId = attr(
    h('input', { id: 'new-id', type: 'text', maxlength: '64', autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false', 'aria-describedby': 'new-hint', 'data-testid': 'admin-new-id' }),
    'placeholder',
    'surveys.new.placeholder',
  );
  const newTemplate = h(
    'select',
    { id: 'new-template', 'data-testid': 'admin-new-template' },
    h('option', { value: '' }, text('surveys.new.template.blank')),
    ...TEMPLATE_IDS.map((id) => h('option', { value: id }, text(`surveys.new.template.${id}`))),
  );
  const newError = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const newForm = h(
    'form',
    { id: 'new-form', class: 'new-form panel', hidden: true, novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'new-id' }, text('surveys.new.id')), newId),
    h('p', { class: 'muted small', id: 'new-hint' }, text('surveys.new.hint')),
    h('div', { class: 'field' }, h('label', { for: 'new-template' }, text('surveys.new.template')), newTemplate),
    newError,
    h(
      'div',
      { class: 'row-actions' },
      h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'admin-new-create' }, text('surveys.new.create')),
      button({ class: 'btn btn-quiet' }, () => toggleNew(false), text('common.cancel')),
    ),
  );
  const listError = h('p', { class: 'banner', role: 'alert', hidden: true });
  const list = attr(h('ul', { class: 'surveys' }), 'aria-label', 'surveys.title');
  const empty = h('p', { class: 'empty', hidden: true }, text('surveys.empty'));
  const listPane = h(
    'nav',
    { class: 'list-pane', 'aria-labelledby': 'surveys-title' },
    h('div', { class: 'list-head' }, h('h2', { id: 'surveys-title' }, text('surveys.title'), ' ', count), newToggle),
    newForm,
    listError,
    list,
    empty,
  );

  // ---------------------------------------------------------------- survey pane
  const title = h('h2', { id: 'survey-title', class: 'survey-title', tabindex: '-1' });
  const idChip = h('span', { class: 'chip' });
  const state = h('span', { class: 'badge' });
  const meta = h('p', { class: 'muted meta' });
  // A saved draft that a publish has left behind: said plainly, with what to do about it.
  const staleText = h('p', { 'data-testid': 'admin-stale-text' });
  const staleBox = h(
    'div',
    { class: 'banner warn stale-draft', role: 'status', hidden: true, 'data-testid': 'admin-stale-draft' },
    staleText,
    h(
      'div',
      { class: 'row-actions' },
      button({ class: 'btn', 'data-testid': 'admin-stale-discard' }, () => void discardClicked(), text('drafts.stale.discard')),
      button({ class: 'btn btn-quiet', 'data-testid': 'admin-stale-keep' }, () => keepStaleDraft(), text('drafts.stale.keep')),
      button({ class: 'btn btn-quiet', 'data-testid': 'admin-stale-diff' }, () => void showStaleDiff(), text('drafts.stale.diff')),
    ),
  );
  const save = button({ class: 'btn btn-primary', 'data-testid': 'admin-save' }, () => void saveDraft(), text('surveys.save'));
  const discard = button({ class: 'btn', 'data-testid': 'admin-discard' }, () => void discardClicked());
  const exportBtn = button({ class: 'btn btn-quiet', 'data-testid': 'admin-export' }, () => void exportVersions(), text('surveys.export'));
  const dirtyMark = h('span', { class: 'dirty', hidden: true }, text('surveys.unsaved'));
  const status = h('p', { class: 'status-line', role: 'status', 'aria-live': 'polite', 'data-testid': 'admin-status' });
  const validity = h('span', { class: 'muted small validity', 'aria-live': 'polite' });
  const editorError = h('p', { class: 'banner', role: 'alert', hidden: true });
  const editorBox = h('div', { class: 'editor', 'data-testid': 'admin-editor' });
  const cardsBox = h('div', { class: 'builder-box' });
  const problemCount = h('span', { class: 'count' });
  const problems = h('ul', { class: 'problems', 'aria-labelledby': 'h-problems', 'data-testid': 'admin-problems' });
  const comment = attr(h('input', { id: 'publish-comment', type: 'text', maxlength: '500', autocomplete: 'off', 'data-testid': 'admin-publish-comment' }), 'placeholder', 'publish.placeholder');
  const publishBtn = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'admin-publish' }, text('publish.submit'));
  const publishHint = h('p', { class: 'muted small' });
  const publishForm = h(
    'form',
    { class: 'publish', novalidate: true },
    h('h3', null, text('publish.title')),
    h('label', { for: 'publish-comment' }, text('publish.comment')),
    h('div', { class: 'publish-row' }, comment, publishBtn),
    publishHint,
  );
  const preview = createPreview(ctx, () => (current && editor ? editor.getValue() : null));

  const coverage = h('table', { class: 'coverage', 'data-testid': 'admin-coverage', 'aria-labelledby': 'h-coverage' });
  const coverageSummary = h('p', { class: 'muted small coverage-summary' });

  const diffFrom = h('select', { id: 'diff-from', 'data-testid': 'admin-diff-from' });
  const diffTo = h('select', { id: 'diff-to', 'data-testid': 'admin-diff-to' });
  const diffShow = h('button', { type: 'submit', class: 'btn', 'data-testid': 'admin-diff-show' }, text('history.showDiff'));
  const diffForm = h(
    'form',
    { class: 'diff-bar', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'diff-from' }, text('history.compare')), diffFrom),
    h('div', { class: 'field' }, h('label', { for: 'diff-to' }, text('history.with')), diffTo),
    diffShow,
  );
  const historyError = h('p', { class: 'banner', role: 'alert', hidden: true });
  const diffTitle = h('p', { class: 'small diff-title', id: 'diff-title' });
  const diff = h('pre', { class: 'diff', 'data-testid': 'admin-diff', tabindex: '0', 'aria-labelledby': 'diff-title' });
  const diffBox = h('div', { class: 'diff-box', hidden: true }, h('div', { class: 'panel-head' }, diffTitle, button({ class: 'btn btn-quiet' }, () => closeDiff(), text('history.closeDiff'))), diff);
  const versionList = h('ol', { class: 'versions', 'aria-labelledby': 'h-history' });
  const audit = createAudit(ctx);

  const surveyPane = h(
    'section',
    { class: 'survey-pane', 'aria-labelledby': 'survey-title', hidden: true },
    h('div', { class: 'survey-head' }, h('div', { class: 'title-row' }, title, idChip, state), meta),
    staleBox,
    h('div', { class: 'toolbar panel' }, save, discard, exportBtn, h('span', { class: 'spacer' }), dirtyMark, status),
    h(
      'div',
      { class: 'edit-grid' },
      h(
        'div',
        { class: 'edit-col' },
      h(
        'section',
        { class: 'panel editor-panel', 'aria-labelledby': 'h-editor' },
        h('div', { class: 'panel-head' }, h('h3', { id: 'h-editor' }, text('editor.title')), validity),
        editorError,
        editorBox,
        h('div', { class: 'problems-box' }, h('h3', { id: 'h-problems' }, text('problems.title'), ' ', problemCount), problems),
        publishForm,
      ),
        cardsBox,
      ),
      preview.el,
    ),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'h-coverage' },
      h('h3', { id: 'h-coverage' }, text('coverage.title')),
      coverageSummary,
      h('div', { class: 'table-wrap' }, coverage),
    ),
    h('section', { class: 'panel', 'aria-labelledby': 'h-history' }, h('h3', { id: 'h-history' }, text('history.title')), diffForm, historyError, diffBox, versionList),
    audit.el,
  );
  const placeholder = h('section', { class: 'placeholder', 'aria-hidden': 'true' }, h('p', null, text('surveys.placeholder')));
  const workspace = h('div', { class: 'workspace surveys-ws' }, listPane, surveyPane, placeholder);
  const el = h('div', { class: 'page page-surveys', hidden: true, 'data-page': 'surveys' }, workspace);

  // ---------------------------------------------------------------- state
  let visible = false;
  let surveys: SurveySummary[] = [];
  let listSeq = 0;
  let current: OpenSurvey | null = null;
  /** What the server has for the text in the editor (the draft, or a version). */
  let savedText = '';
  /** The saved draft the editor's text grew from (its updatedAt): publishing clears it. */
  let draftFrom: string | null = null;
  /** Stale-draft notices set aside with Keep editing, until another version is published. */
  const keptStale = new Set<string>();
  let openSeq = 0;
  let versions: VersionSummary[] = [];
  let versionsSeq = 0;
  let checked: Checked | null = null;
  let valTimer = 0;
  let valSeq = 0;
  let publishing = false;
  let editor: ScriptEditor | null = null;
  let editorLoading: Promise<ScriptEditor> | null = null;
  let cards: CardsView | null = null;
  /** The last text the cards wrote: the editor's change that follows is not read back into them. */
  let cardsText: string | null = null;
  let ignoreChange = false;
  /** The ids of the script's questions, endings and rules, for naming where a problem is. */
  const scriptIds: ScriptIds = {};
  /** The status line's text as a key, so a change of language redraws it. */
  let statusKey: { key: string; params?: Record<string, string | number>; kind: StatusKind } | null = null;

  const session = () => ctx.session();
  const isDirty = () => !!current && !!editor && editor.getValue() !== savedText;

  function setStatus(key: string | null, kind: StatusKind = 'info', params?: Record<string, string | number>): void {
    statusKey = key ? { key, kind, ...(params ? { params } : {}) } : null;
    status.textContent = key ? t(key, params) : '';
    status.setAttribute('data-kind', kind);
  }

  // ---------------------------------------------------------------- the editor, loaded on demand
  function loadEditor(): Promise<ScriptEditor> {
    editorLoading ??= import('./editor.js')
      .then((m): CreateEditor => m.createEditor)
      .catch((): CreateEditor => {
        say(editorError, t('editor.fallback'));
        return plainEditor;
      })
      .then((create) => {
        editor = create(editorBox, { onChange: () => !ignoreChange && edited(), label: t('editor.label') });
        return editor;
      })
      .then(async (ed) => {
        // The cards need the yaml library: a chunk of their own. Without them, the YAML still works.
        try {
          const m = await import('./builder/cardsView.js');
          cards = m.createCardsView({
            onEdit(text) {
              cardsText = text;
              ed.replace(text);
            },
          });
          cardsBox.append(cards.el);
          if (current) cards.showText(ed.getValue());
        } catch {
          /* the YAML editor is enough */
        }
        return ed;
      });
    return editorLoading;
  }

  function setEditorText(s: string): void {
    if (!editor) return;
    ignoreChange = true;
    try {
      editor.setValue(s);
    } finally {
      ignoreChange = false;
    }
    cardsText = null;
    cards?.showText(s);
  }

  // ---------------------------------------------------------------- list
  async function loadList(): Promise<void> {
    if (!session()) return;
    const seq = ++listSeq;
    try {
      const data = await ctx.api.surveys();
      if (seq !== listSeq || !session()) return;
      surveys = Array.isArray(data.surveys) ? data.surveys : [];
      say(listError, '');
      if (current) {
        const s = surveys.find((x) => x.id === current!.id);
        if (s) {
          Object.assign(current, s, { isNew: false }); // in place: actions under way hold this object
          renderHead();
        }
      }
      renderList();
    } catch (err) {
      if (seq !== listSeq || !session() || authGone(err)) return;
      say(listError, t('surveys.loadError', { error: errorText(err, t) }));
    }
  }

  function renderList(): void {
    const all: (SurveySummary & { isNew?: boolean })[] = surveys.slice();
    if (current?.isNew && !all.some((s) => s.id === current!.id)) all.unshift(current);
    count.textContent = all.length ? `(${all.length})` : '';
    show(empty, !all.length);
    replaceChildren(
      list,
      ...all.map((s) => {
        const pub = num(s.publishedVersion);
        const latest = num(s.latestVersion);
        const isCurrent = current?.id === s.id;
        const draftTitle = s.draft ? t('surveys.row.draftBy', { author: str(s.draft.author), when: rel(s.draft.updatedAt) }) : t('surveys.row.notSaved');
        return h(
          'li',
          null,
          button(
            { class: 'item', 'data-testid': 'admin-survey-row', 'data-survey-id': s.id, 'aria-current': isCurrent ? 'true' : 'false' },
            () => void openSurvey(s.id),
            h('span', { class: 'row-name' }, surveyTitle(s, language())),
            h(
              'span',
              { class: 'row-bottom' },
              h('span', { class: 'chip' }, s.id),
              pub !== null ? h('span', { class: 'badge b-published' }, t('surveys.row.published', { version: pub })) : h('span', { class: 'badge b-none' }, t('surveys.row.notPublished')),
              latest !== null && latest !== pub ? h('span', { class: 'muted' }, t('surveys.row.latest', { version: latest })) : null,
              s.draft?.stale
                ? h('span', { class: 'badge b-stale', title: staleTitle(s.draft.stale), 'data-testid': 'admin-survey-stale' }, t('surveys.row.stale'))
                : s.draft || (isCurrent && s.isNew)
                  ? h('span', { class: 'badge b-draft', title: draftTitle }, t('surveys.row.draft'))
                  : null,
            ),
          ),
        );
      }),
    );
  }

  // ---------------------------------------------------------------- the open survey
  async function confirmLeave(): Promise<boolean> {
    if (!isDirty()) return true;
    return ctx.ask(t('leave.title'), t('leave.body', { id: current!.id }), t('leave.ok'));
  }

  async function openSurvey(id: string, force = false): Promise<void> {
    if (current?.id === id && !force) return void title.focus();
    if (!(await confirmLeave())) {
      if (current) setHash(current.id);
      return;
    }
    setHash(id);
    const seq = ++openSeq;
    const known = surveys.find((s) => s.id === id);
    current = { ...(known ?? { id, title: id, titles: {}, publishedVersion: null, latestVersion: null, draft: null }), isNew: false };
    draftFrom = null;
    resetSurveyView();
    renderHead();
    renderList();
    setStatus('surveys.loading');
    await loadEditor();
    if (seq !== openSeq) return;
    try {
      const { text: src, from } = await loadSource(current, !known);
      if (seq !== openSeq) return;
      savedText = src;
      setEditorText(src);
      setStatus(from.key, 'info', from.params);
      renderDirty();
      void validateNow();
    } catch (err) {
      if (seq !== openSeq || !session()) return;
      setStatus('surveys.loadScriptError', 'error', { error: errorText(err, t) });
    }
    void loadVersions();
    void audit.load(id, false);
  }

  /** The saved draft if there is one, else the published (or the latest) version. */
  async function loadSource(c: OpenSurvey, unknown: boolean): Promise<{ text: string; from: { key: string; params?: Record<string, string | number> } }> {
    // The list says whether there is a draft; a survey it does not know may have one still.
    if (unknown || c.draft) {
      try {
        const d = await ctx.api.draft(c.id);
        if (typeof d.draft?.source === 'string') {
          c.draft = {
            author: d.draft.author,
            updatedAt: d.draft.updatedAt,
            ...(d.draft.baseVersion !== undefined ? { baseVersion: d.draft.baseVersion } : {}),
            ...(d.draft.stale ? { stale: d.draft.stale } : {}),
          };
          if (current === c) draftFrom = d.draft.updatedAt;
          renderHead();
          return { text: d.draft.source, from: { key: 'surveys.from.draft', params: { author: str(d.draft.author) || t('audit.someone'), when: rel(d.draft.updatedAt) } } };
        }
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 404)) throw err;
        c.draft = null;
      }
    }
    const n = num(c.publishedVersion) ?? num(c.latestVersion);
    if (n === null) return { text: '', from: { key: 'surveys.from.nothing' } };
    const v = await ctx.api.version(c.id, n);
    return { text: typeof v.version?.source === 'string' ? v.version.source : '', from: { key: n === c.publishedVersion ? 'surveys.from.published' : 'surveys.from.version', params: { version: n } } };
  }

  function closeSurvey(): void {
    openSeq++;
    current = null;
    savedText = '';
    draftFrom = null;
    versions = [];
    resetSurveyView();
    setEditorText('');
  }

  function resetSurveyView(): void {
    window.clearTimeout(valTimer);
    valSeq++;
    checked = null;
    preview.reset();
    replaceChildren(problems);
    problemCount.textContent = '';
    validity.textContent = '';
    replaceChildren(coverage);
    coverageSummary.textContent = '';
    replaceChildren(versionList);
    audit.clear();
    closeDiff();
    say(historyError, '');
    comment.value = '';
    setStatus(null);
    renderPublishState();
    show(surveyPane, !!current);
    show(placeholder, !current);
  }

  function renderHead(): void {
    const c = current;
    if (!c) return;
    const name = surveyTitle(c, language());
    title.textContent = name;
    idChip.textContent = c.id;
    if (visible) ctx.setTitle(name);
    const pub = num(c.publishedVersion);
    const latest = num(c.latestVersion);
    state.className = `badge ${c.draft || c.isNew ? 'b-draft' : pub !== null ? 'b-published' : 'b-none'}`;
    state.textContent = c.isNew ? t('surveys.state.new') : c.draft ? t('surveys.state.draft') : pub !== null ? t('surveys.state.published', { version: pub }) : t('surveys.state.unpublished');
    const parts = [pub !== null ? t('surveys.meta.published', { version: pub }) : t('surveys.meta.unpublished')];
    if (latest !== null && latest !== pub) parts.push(t('surveys.meta.latest', { version: latest }));
    replaceChildren(meta, parts.join(' · '));
    if (c.draft) {
      meta.append(` · ${t('surveys.meta.draftBy', { author: str(c.draft.author) || t('audit.someone') })} `, timeEl(c.draft.updatedAt));
      // Once the notice is set aside (Keep editing), the line above still says it.
      const stale = c.draft.stale;
      if (stale && keptStale.has(staleKey(c, stale))) {
        const said = stale.reason === 'behind' && stale.baseVersion !== null ? t('surveys.meta.stale', { base: stale.baseVersion, version: stale.publishedVersion }) : staleTitle(stale);
        meta.append(h('span', { class: 'warn', 'data-testid': 'admin-stale-meta' }, ` · ${said}`));
      }
    }
    discard.textContent = t(c.draft ? 'surveys.discardDraft' : 'surveys.discardChanges');
    renderStale();
    renderDirty();
  }

  // ---------------------------------------------------------------- a draft left behind by a publish
  function staleKey(c: OpenSurvey, stale: DraftStale): string {
    return `${c.id}\n${stale.reason}\n${stale.publishedVersion}`;
  }

  function staleSentence(stale: DraftStale, prefix: 'drafts.stale' | 'surveys.row'): string {
    if (stale.reason === 'published') return t(prefix === 'drafts.stale' ? 'drafts.stale.published' : 'surveys.row.stalePublished', { version: stale.publishedVersion });
    if (stale.baseVersion === null) return t(prefix === 'drafts.stale' ? 'drafts.stale.behindNew' : 'surveys.row.staleBehindNew', { version: stale.publishedVersion });
    return t(prefix === 'drafts.stale' ? 'drafts.stale.behind' : 'surveys.row.staleBehind', { base: stale.baseVersion, version: stale.publishedVersion });
  }
  function staleTitle(stale: DraftStale): string {
    return staleSentence(stale, 'surveys.row');
  }

  function renderStale(): void {
    const c = current;
    const stale = c?.draft?.stale;
    const shown = !!c && !!stale && !keptStale.has(staleKey(c, stale));
    show(staleBox, shown);
    if (shown) staleText.textContent = staleSentence(stale!, 'drafts.stale');
  }

  function keepStaleDraft(): void {
    const stale = current?.draft?.stale;
    if (!current || !stale) return;
    keptStale.add(staleKey(current, stale));
    renderHead();
    editor?.focus();
  }

  /** What publishing the saved draft would change in the published version. */
  async function showStaleDiff(): Promise<void> {
    const pub = current ? num(current.publishedVersion) : null;
    if (pub === null) return;
    await showDiff(pub, 'draft');
    diffBox.scrollIntoView({ block: 'start' });
  }

  function renderDirty(): void {
    const dirty = isDirty();
    show(dirtyMark, dirty);
    discard.disabled = !current || (!dirty && !current.draft);
    save.disabled = !current;
    exportBtn.disabled = !current || current.isNew || num(current.latestVersion) === null;
  }

  function setHash(id: string): void {
    const want = id ? `#survey=${enc(id)}` : '';
    if (location.hash !== want) history.replaceState(null, '', location.pathname + location.search + want);
  }
  function hashSurvey(): string {
    const m = /^#survey=(.+)$/.exec(location.hash);
    if (!m) return '';
    try {
      return decodeURIComponent(m[1]!);
    } catch {
      return '';
    }
  }
  function route(): void {
    if (!session() || !visible) return;
    const id = hashSurvey();
    if (id && current?.id !== id) void openSurvey(id);
    else if (!id && current) setHash(current.id);
  }
  on(window, 'hashchange', route);
  on(window, 'beforeunload', (e) => {
    if (isDirty()) e.preventDefault();
  });

  // ---------------------------------------------------------------- new survey
  function toggleNew(open: boolean): void {
    show(newForm, open);
    newToggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    say(newError, '');
    (open ? newId : newToggle).focus();
  }
  on(newForm, 'submit', async (e) => {
    e.preventDefault();
    const id = newId.value.trim();
    const fail = (msg: string) => {
      say(newError, msg);
      newId.focus();
    };
    if (!SURVEY_ID.test(id)) return fail(t('surveys.new.badId'));
    if (surveys.some((s) => s.id === id)) return fail(t('surveys.new.taken', { id }));
    if (!(await confirmLeave())) return;
    newId.value = '';
    toggleNew(false);
    openSeq++;
    current = { id, title: titleFromId(id), titles: {}, publishedVersion: null, latestVersion: null, draft: null, isNew: true };
    setHash(id);
    resetSurveyView();
    savedText = '';
    draftFrom = null;
    const template = newTemplate.value as TemplateId | '';
    newTemplate.value = '';
    const ed = await loadEditor();
    setEditorText(template ? fromTemplate(template, id) : surveyTemplate(id));
    renderHead();
    renderList();
    setStatus('surveys.new.started');
    void validateNow();
    void audit.load(id, true);
    renderVersions();
    ed.focus();
  });

  // ---------------------------------------------------------------- validation
  function edited(): void {
    renderDirty();
    window.clearTimeout(valTimer);
    valSeq++; // an answer for older text must not mark problems on moved lines
    validity.textContent = t('validity.checking');
    valTimer = window.setTimeout(() => void validateNow(), VALIDATE_DELAY);
    preview.scriptChanged();
  }

  async function validateNow(): Promise<void> {
    if (!current || !editor) return;
    window.clearTimeout(valTimer);
    const src = editor.getValue();
    const seq = ++valSeq;
    if (cards && src !== cardsText) cards.showText(src);
    cardsText = null;
    validity.textContent = t('validity.checking');
    try {
      const v = await ctx.api.validate(src);
      if (seq !== valSeq || !current) return;
      applyValidation(v, src);
    } catch (err) {
      if (seq !== valSeq || !current || authGone(err)) return;
      if (err instanceof ApiError && err.problems) return applyValidation({ ok: false, problems: err.problems, coverage: null }, src);
      validity.textContent = t('validity.failed', { error: errorText(err, t) });
    }
  }

  function lineOfId(src: string): number | undefined {
    const i = src.split('\n').findIndex((l) => /^id\s*:/.test(l));
    return i >= 0 ? i + 1 : undefined;
  }

  function applyValidation(v: { ok: boolean; surveyId?: string | undefined; problems: Problem[]; coverage: Validation['coverage'] | null }, src: string): void {
    const list = Array.isArray(v.problems) ? v.problems.slice() : [];
    if (typeof v.surveyId === 'string' && current && v.surveyId !== current.id) {
      list.unshift({ code: 'SCHEMA', path: ['id'], line: lineOfId(src), message: t('problems.idMismatch', { found: v.surveyId, id: current.id }) } as Problem);
    }
    checked = { ok: !!v.ok && list.length === 0, surveyId: v.surveyId, problems: list, coverage: v.coverage ?? checked?.coverage ?? null, text: src };
    renderProblems();
    if (v.coverage) preview.setLocales(renderCoverage(coverage, coverageSummary, v.coverage, t));
    renderPublishState();
    if (checked.ok && !preview.started && !preview.busy) preview.restart();
  }

  function renderProblems(): void {
    const list = checked?.problems ?? [];
    problemCount.textContent = list.length ? `(${list.length})` : '';
    validity.textContent = !checked ? '' : list.length ? t('problems.count', { count: list.length }) : t('problems.none');
    validity.className = `small validity ${!checked ? 'muted' : list.length ? 'bad' : 'good'}`;
    if (cards) Object.assign(scriptIds, cards.scriptIds());
    const plain = list.map((p) => plainProblem(p, t, language(), scriptIds));
    cards?.showProblems(plain);
    editor?.setProblems(list.map((p, i) => ({ line: p.line, message: `${plain[i]!.text} ${t('plain.fix', { hint: plain[i]!.hint })}` })));
    if (checked?.ok || !list.length) preview.unblock();
    else preview.blocked(plain[0]!.text, list.length - 1);
    if (!list.length) return void replaceChildren(problems, h('li', { class: 'none' }, checked ? t('problems.valid') : ''));
    replaceChildren(
      problems,
      ...list.map((p, i) => {
        const line = num(p.line);
        const said = plain[i]!;
        const body = [
          h('span', { class: 'where' }, line !== null ? t('problems.line', { line }) : '—'),
          h('span', { class: 'msg', 'data-testid': 'admin-problem-text' }, said.text),
          p.locale ? h('span', { class: 'chip' }, str(p.locale)) : null,
        ];
        return h(
          'li',
          { class: 'problem', 'data-testid': 'admin-problem', 'data-code': str(p.code), 'data-line': line ?? null, 'data-question': said.questionIndex ?? null },
          line !== null ? button({ class: 'problem-go', title: t('problems.goTo', { line }) }, () => editor?.goToLine(line), ...body) : h('span', { class: 'problem-go' }, ...body),
          h('p', { class: 'problem-hint small', 'data-testid': 'admin-problem-hint' }, t('plain.fix', { hint: said.hint })),
          h('details', { class: 'problem-detail small muted' }, h('summary', null, t('plain.detail')), h('code', { class: 'path' }, pathText(p.path) || t('problems.script')), ' ', str(p.message)),
        );
      }),
    );
  }

  function renderPublishState(): void {
    const n = checked?.problems.length ?? 0;
    const ok = !!checked?.ok;
    publishBtn.disabled = !current || !ok || publishing;
    publishHint.textContent = !current ? '' : !checked ? t('publish.checking') : !ok ? t('publish.fix', { count: n }) : t('publish.hint');
  }

  // ---------------------------------------------------------------- save, discard, publish, export
  async function saveDraft(): Promise<void> {
    if (!current || !editor || save.disabled) return;
    const c = current;
    const src = editor.getValue();
    setBusy(save, true);
    setStatus('surveys.saving');
    try {
      const data = await ctx.api.saveDraft(c.id, src);
      if (current !== c) return;
      savedText = src;
      if (data.draft) {
        // Still started from the same version: a draft that was behind still is (the list confirms).
        const behind = c.draft?.stale?.reason === 'behind' ? c.draft.stale : undefined;
        c.draft = {
          author: data.draft.author,
          updatedAt: data.draft.updatedAt,
          ...(data.draft.baseVersion !== undefined ? { baseVersion: data.draft.baseVersion } : {}),
          ...(behind ? { stale: behind } : {}),
        };
        draftFrom = data.draft.updatedAt;
      }
      c.isNew = false;
      const v = data.validation;
      const n = Array.isArray(v?.problems) ? v.problems.length : 0;
      if (n) setStatus('surveys.savedWithProblems', 'ok', { count: n });
      else setStatus('surveys.saved', 'ok');
      if (v && editor.getValue() === src) {
        valSeq++;
        applyValidation(v, src);
      }
      renderHead();
      void loadList();
      void audit.load(c.id, false);
    } catch (err) {
      if (!session() || authGone(err)) return;
      setStatus('surveys.notSaved', 'error', { error: errorText(err, t) });
    } finally {
      setBusy(save, false);
      renderDirty();
    }
  }
  on(document, 'keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's' && current && visible) {
      e.preventDefault();
      void saveDraft();
    }
  });

  async function discardClicked(): Promise<void> {
    if (!current || !editor) return;
    const c = current;
    const hasDraft = !!c.draft;
    const ok = await ctx.ask(
      t(hasDraft ? 'discard.draft.title' : 'discard.changes.title'),
      t(hasDraft ? 'discard.draft.body' : 'discard.changes.body', { id: c.id }),
      t(hasDraft ? 'surveys.discardDraft' : 'surveys.discardChanges'),
    );
    if (!ok || current !== c) return;
    if (c.isNew && !hasDraft) {
      setHash('');
      closeSurvey();
      renderList();
      return;
    }
    setBusy(discard, true);
    try {
      if (hasDraft) {
        await ctx.api.deleteDraft(c.id);
        c.draft = null;
        draftFrom = null;
        await loadList();
        if (current !== c) return;
        if (num(c.latestVersion) === null) {
          setStatus('surveys.draftDiscarded', 'ok');
          setHash('');
          closeSurvey();
          renderList();
          return;
        }
        const { text: src } = await loadSource(c, false);
        if (current !== c) return;
        savedText = src;
      }
      setEditorText(savedText);
      renderHead();
      // Said once the page shows the published version (no stale banner left), not before.
      setStatus(hasDraft ? 'surveys.draftDiscarded' : 'surveys.changesDiscarded', 'ok');
      preview.markStale();
      void validateNow();
      void audit.load(c.id, false);
    } catch (err) {
      if (!session() || authGone(err)) return;
      setStatus('surveys.notDiscarded', 'error', { error: errorText(err, t) });
    } finally {
      setBusy(discard, false);
      renderDirty();
    }
  }

  on(publishForm, 'submit', async (e) => {
    e.preventDefault();
    if (!current || !editor || publishBtn.disabled) return;
    const c = current;
    const note = comment.value.trim();
    if (!note) {
      setStatus('publish.needComment', 'error');
      comment.focus();
      return;
    }
    const src = editor.getValue();
    publishing = true;
    renderPublishState();
    publishBtn.setAttribute('aria-busy', 'true');
    setStatus('publish.publishing');
    try {
      const data = await ctx.api.publish(c.id, note, src, draftFrom ?? undefined);
      if (current !== c) return;
      const n = data.version.version;
      setStatus('publish.done', 'ok', { version: n });
      ctx.toast(t('publish.toast', { version: n, id: c.id }));
      comment.value = '';
      savedText = src;
      // The editor now holds what is published; a draft still saved is someone else's since.
      draftFrom = null;
      c.isNew = false;
      c.publishedVersion = n;
      c.latestVersion = n;
      await refreshDraftMeta(c);
      renderHead();
      void loadList();
      void loadVersions();
      void audit.load(c.id, false);
    } catch (err) {
      if (!session() || authGone(err)) return;
      if (err instanceof ApiError && err.code === 'NOTHING_CHANGED') {
        setStatus('publish.nothingChanged', 'info', { version: num(c.publishedVersion) ?? '?' });
        savedText = src;
        await refreshDraftMeta(c);
        renderHead();
        return;
      }
      if (err instanceof ApiError && err.problems && editor.getValue() === src) {
        valSeq++;
        applyValidation({ ok: false, problems: err.problems, coverage: null }, src);
      }
      setStatus('publish.failed', 'error', { error: errorText(err, t) });
    } finally {
      publishing = false;
      publishBtn.removeAttribute('aria-busy');
      renderPublishState();
      renderDirty();
    }
  });

  /** Whether a draft is still saved (the server may drop it once published), from the list. */
  async function refreshDraftMeta(c: OpenSurvey): Promise<void> {
    await loadList();
    const s = surveys.find((x) => x.id === c.id);
    if (s) c.draft = s.draft ?? null;
    if (!c.draft && current === c) draftFrom = null;
  }

  async function exportVersions(): Promise<void> {
    if (!current) return;
    const id = current.id;
    setBusy(exportBtn, true);
    try {
      const res = await ctx.api.exportVersions(id);
      const blob = new Blob([await res.blob()], { type: 'application/json' });
      const url = URL.createObjectURL(blob);
      const a = h('a', { href: url, download: `${id}-versions.json`, class: 'visually-hidden' });
      document.body.append(a);
      a.click();
      a.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      if (!session() || authGone(err)) return;
      setStatus('surveys.exportFailed', 'error', { error: errorText(err, t) });
    } finally {
      setBusy(exportBtn, false);
    }
  }

  // ---------------------------------------------------------------- versions and diff
  async function loadVersions(): Promise<void> {
    const c = current;
    if (!c) return;
    const seq = ++versionsSeq;
    if (c.isNew || (num(c.latestVersion) === null && !c.draft)) {
      versions = [];
      return renderVersions();
    }
    try {
      const data = await ctx.api.versions(c.id);
      if (seq !== versionsSeq || current !== c) return;
      versions = Array.isArray(data.versions) ? data.versions : [];
      say(historyError, '');
      renderVersions();
    } catch (err) {
      if (seq !== versionsSeq || current !== c || authGone(err)) return;
      if (err instanceof ApiError && err.status === 404) {
        versions = [];
        return renderVersions();
      }
      say(historyError, t('history.loadError', { error: errorText(err, t) }));
    }
  }

  const versionName = (v: string | number) => (v === 'draft' ? t('history.theDraft') : t('history.version', { version: v }));

  function renderVersions(): void {
    const c = current;
    const pub = c ? num(c.publishedVersion) : null;
    const keepFrom = diffFrom.value;
    const keepTo = diffTo.value;
    const option = (v: VersionSummary) => h('option', { value: v.version }, t(v.published ? 'history.optionPublished' : 'history.option', { version: v.version }));
    replaceChildren(diffFrom, ...versions.map(option));
    replaceChildren(diffTo, ...(c?.draft ? [h('option', { value: 'draft' }, t('history.savedDraft'))] : []), ...versions.map(option));
    const values = (sel: HTMLSelectElement) => [...sel.options].map((o) => o.value);
    const older = versions[1] ? String(versions[1].version) : versions[0] ? String(versions[0].version) : '';
    diffFrom.value = values(diffFrom).includes(keepFrom) ? keepFrom : pub !== null && c?.draft ? String(pub) : older;
    diffTo.value = values(diffTo).includes(keepTo) ? keepTo : c?.draft ? 'draft' : versions[0] ? String(versions[0].version) : '';
    diffShow.disabled = !versions.length;

    if (!versions.length) return void replaceChildren(versionList, h('li', { class: 'none' }, t(c?.isNew ? 'history.nothingPublished' : 'history.none')));
    replaceChildren(
      versionList,
      ...versions.map((v) => {
        const n = v.version;
        const isPub = !!v.published || n === pub;
        const earlier = versions.find((x) => x.version < n)?.version ?? null;
        const vs: number | 'draft' | null = c?.draft ? 'draft' : pub !== null && n !== pub ? pub : earlier;
        const actions = h('div', { class: 'row-actions' });
        if (vs !== null) {
          const [from, to] = vs === 'draft' || vs > n ? [n, vs] : [vs, n];
          actions.append(button({ class: 'btn btn-quiet', 'data-testid': 'admin-version-diff' }, () => void showDiff(from, to), vs === 'draft' ? t('history.diffDraft') : t('history.diffWith', { version: vs })));
        }
        actions.append(button({ class: 'btn btn-quiet' }, () => void openVersion(n), t('history.open')));
        if (!isPub) {
          const rb = button({ class: 'btn', 'data-testid': 'admin-rollback' }, () => void rollback(n, rb), t('history.rollback'));
          actions.append(rb);
        }
        return h(
          'li',
          { class: isPub ? 'version is-published' : 'version', 'data-testid': 'admin-version-row', 'data-version': n },
          h(
            'div',
            { class: 'version-top' },
            h('strong', null, t('history.versionTitle', { version: n })),
            isPub ? h('span', { class: 'badge b-published' }, t('history.published')) : null,
            h('span', { class: 'muted small' }, `${str(v.author) || t('history.unknownAuthor')} · `, timeEl(v.createdAt)),
          ),
          v.comment ? h('p', { class: 'version-comment' }, str(v.comment)) : h('p', { class: 'version-comment muted' }, t('history.noComment')),
          actions,
        );
      }),
    );
  }

  async function showDiff(from: number | string, to: number | string): Promise<void> {
    const c = current;
    if (!c) return;
    say(historyError, '');
    diffFrom.value = String(from);
    diffTo.value = String(to);
    setBusy(diffShow, true);
    try {
      const data = await ctx.api.diff(c.id, from, to);
      if (current !== c) return;
      renderDiff(typeof data.diff === 'string' ? data.diff : '', from, to);
    } catch (err) {
      if (current !== c || authGone(err)) return;
      say(historyError, t('history.diffError', { error: errorText(err, t) }));
    } finally {
      setBusy(diffShow, false);
    }
  }

  function renderDiff(patch: string, from: number | string, to: number | string): void {
    replaceChildren(diff);
    const note = to === 'draft' && isDirty() ? ` ${t('history.diffDirty')}` : '';
    diffTitle.textContent = t('history.diffTitle', { from: versionName(from), to: versionName(to) }) + note;
    let added = 0;
    let removed = 0;
    if (!patch.trim()) diff.append(h('span', { class: 'd-meta' }, t('history.noDifferences')));
    else {
      for (const line of patch.replace(/\n$/, '').split('\n')) {
        const kind = diffLineKind(line);
        if (kind === 'd-add') added++;
        if (kind === 'd-del') removed++;
        diff.append(h('span', { class: `d-line ${kind}` }, `${line}\n`));
      }
      diffTitle.append(h('span', { class: 'muted' }, ` · +${added} −${removed}`));
    }
    show(diffBox, true);
    diff.focus();
  }
  function closeDiff(): void {
    replaceChildren(diff);
    show(diffBox, false);
  }
  on(diffForm, 'submit', (e) => {
    e.preventDefault();
    if (diffFrom.value && diffTo.value) void showDiff(diffFrom.value, diffTo.value);
  });

  async function openVersion(n: number): Promise<void> {
    const c = current;
    if (!c || !editor) return;
    if (isDirty() && !(await ctx.ask(t('history.replace.title'), t('history.replace.body', { version: n }), t('history.replace.ok', { version: n })))) return;
    try {
      const data = await ctx.api.version(c.id, n);
      if (current !== c) return;
      setEditorText(typeof data.version?.source === 'string' ? data.version.source : '');
      edited();
      setStatus('history.opened', 'info', { version: n });
      title.scrollIntoView({ block: 'start' });
    } catch (err) {
      if (authGone(err)) return;
      setStatus('history.openFailed', 'error', { version: n, error: errorText(err, t) });
    }
  }

  async function rollback(n: number, btn: HTMLButtonElement): Promise<void> {
    const c = current;
    if (!c) return;
    const next = versions.length ? Math.max(...versions.map((v) => Number(v.version) || 0)) + 1 : 0;
    const ok = await ctx.ask(t('rollback.title', { version: n }), t(next ? 'rollback.body.next' : 'rollback.body', { version: n, next }), t('rollback.ok'));
    if (!ok || current !== c) return;
    setBusy(btn, true);
    setStatus('rollback.running');
    try {
      const data = await ctx.api.rollback(c.id, n, `Rolled back to version ${n}`);
      if (current !== c) return;
      const m = data.version.version;
      setStatus('rollback.done', 'ok', { version: m, from: n });
      c.publishedVersion = m;
      c.latestVersion = m;
      await refreshDraftMeta(c);
      if (current !== c) return;
      if (!isDirty() && !c.draft) {
        // The editor follows what is now published.
        ctx.toast(t('rollback.toast', { version: m }));
        const v = await ctx.api.version(c.id, m);
        if (current !== c) return;
        savedText = typeof v.version?.source === 'string' ? v.version.source : '';
        setEditorText(savedText);
        preview.markStale(); // starts over with the new text once it validates
        void validateNow();
      } else {
        ctx.toast(t('rollback.toastKept', { version: m }));
      }
      renderHead();
      void loadList();
      void loadVersions();
      void audit.load(c.id, false);
    } catch (err) {
      if (!session() || authGone(err)) return;
      setStatus('rollback.failed', 'error', { error: errorText(err, t) });
    } finally {
      if (btn.isConnected) setBusy(btn, false);
    }
  }

  onLanguage(() => {
    renderList();
    if (!current) return;
    renderHead();
    renderProblems();
    renderPublishState();
    renderVersions();
    cards?.redraw();
    if (checked?.coverage) renderCoverage(coverage, coverageSummary, checked.coverage, t);
    if (statusKey) setStatus(statusKey.key, statusKey.kind, statusKey.params);
    void audit.load(current.id, current.isNew);
  });

  return {
    el,
    enter() {
      visible = true;
      show(el, true);
      ctx.setTitle(current ? surveyTitle(current, language()) : t('surveys.title'));
      void loadEditor();
      void loadList().then(() => route());
    },
    leave() {
      visible = false;
      show(el, false);
    },
    reset() {
      visible = false;
      show(el, false);
      listSeq++;
      closeSurvey();
      surveys = [];
      replaceChildren(list);
    },
    hash: () => (current ? `#survey=${enc(current.id)}` : ''),
    canLeave: confirmLeave,
  };
}
