/**
 * Cases (/staff/console): the escalation cases with filters, one case beside the list (or in its
 * place on a phone) with the conversation, scores, quotes, triggers and details, and the actions
 * claim, reply and resolve. The open case is in the URL (#case=<id>). Updates arrive over the
 * shell's live socket (`changed`, `resumed`); while it is down the page polls every 30 s.
 *
 * Customer text is untrusted: it only ever goes in as text nodes.
 */
import type { CaseQuote, EscalationCase, TranscriptEntry } from '../../../src/core/cases.js';
import { h, replaceChildren, show } from '../../shared/dom.js';
import { errorText, ApiError, type AgentsList, type CaseFilters, type CaseSummary } from '../api.js';
import { absoluteTime, between, clockTime, humanize, relativeTime, signed, str, truncate } from '../format.js';
import { attr, intlLocale, onLanguage, t, text } from '../lang.js';
import type { StaffContext, StaffPage } from '../page.js';
import { button, on, say, setBusy } from '../ui.js';
import type { CannedReply } from '../../../src/core/cases/cannedReply.js';
import type { CaseAlerts } from './caseAlerts.js';
import { cannedText, cannedTitle, fillCanned } from './cannedFill.js';
import { agentChoices } from './agentChoices.js';
import { customerHistoryPanel } from './customerHistory.js';
import { assigneeName, caseName, customerLabel, isMine, priorityText, ruleName, slaLabel, statusText, transcriptText } from './caseText.js';

const TICK_MS = 15_000;
/** The agent's typing goes out at most this often while they type. */
const TYPING_SEND_MS = 3000;
/** "… is typing" stays this long after the customer's last keystroke we heard of. */
const TYPING_SHOWN_MS = 5000;
/** The agents list (and who is online) is read again when older than this. */
const AGENTS_FRESH_MS = 15_000;
const NARROW = '(max-width: 959.98px)';

type Option = [value: string, key: string];
const STATUS_OPTIONS: Option[] = [
  ['open,claimed', 'cases.filter.status.active'],
  ['open', 'cases.filter.status.open'],
  ['claimed', 'cases.filter.status.claimed'],
  ['resolved', 'cases.filter.status.resolved'],
  ['expired', 'cases.filter.status.expired'],
  ['', 'cases.filter.status.all'],
];
const PRIORITY_OPTIONS: Option[] = [
  ['', 'cases.filter.any'],
  ['urgent', 'cases.filter.priority.urgent'],
  ['high,urgent', 'cases.filter.priority.high'],
  ['normal,high,urgent', 'cases.filter.priority.normal'],
  ['low', 'cases.filter.priority.low'],
];
const VIEW_OPTIONS: Option[] = [
  ['all', 'cases.view.all'],
  ['mine', 'cases.view.mine'],
  ['queue', 'cases.view.queue'],
];
/** The keyboard shortcuts (not while typing), listed in the help overlay (?). */
const SHORTCUTS: [key: string, what: string][] = [
  ['j', 'shortcuts.next'],
  ['k', 'shortcuts.previous'],
  ['c', 'shortcuts.claim'],
  ['r', 'shortcuts.resolve'],
  ['/', 'shortcuts.canned'],
  ['n', 'shortcuts.note'],
  ['s', 'shortcuts.search'],
  ['?', 'shortcuts.help'],
];
const AGE_OPTIONS: Option[] = [
  ['', 'cases.filter.any'],
  ['1', 'cases.filter.age.hour'],
  ['24', 'cases.filter.age.day'],
  ['168', 'cases.filter.age.week'],
];

const select = (id: string, options: Option[], attrs: Record<string, string> = {}) =>
  h('select', { id, ...attrs }, ...options.map(([value, key]) => h('option', { value }, text(key))));
const field = (id: string, key: string, control: HTMLElement) => h('div', { class: 'field' }, h('label', { for: id }, text(key)), control);
const panel = (id: string, key: string, ...body: HTMLElement[]) => h('section', { class: 'panel', 'aria-labelledby': id }, h('h3', { id }, text(key)), ...body);

const now = () => Date.now();
const rel = (iso: string | undefined) => relativeTime(iso, now(), intlLocale(), t);
const abs = (iso: string | undefined) => absoluteTime(iso, intlLocale());
const badge = (kind: 'p' | 's', value: string, shown: string) => h('span', { class: `badge ${kind}-${value}` }, shown);

export function createCasesPage(ctx: StaffContext, alerts: CaseAlerts): StaffPage & { changed(caseId: string): void; resumed(): void; customerTyping(caseId: string): void } {
  // ---------------------------------------------------------------- skeleton
  const fStatus = select('f-status', STATUS_OPTIONS, { 'data-testid': 'console-filter-status' });
  const fPriority = select('f-priority', PRIORITY_OPTIONS);
  const fSurvey = attr(h('input', { id: 'f-survey', type: 'search', autocomplete: 'off', spellcheck: 'false' }), 'placeholder', 'cases.filter.surveyPlaceholder');
  const fAge = select('f-age', AGE_OPTIONS);
  const fView = select('f-view', VIEW_OPTIONS, { 'data-testid': 'console-filter-view' });
  const fSearch = attr(h('input', { id: 'f-search', type: 'search', autocomplete: 'off', maxlength: '200', 'data-testid': 'console-search' }), 'placeholder', 'cases.search.placeholder');
  const alertsToggle = h('input', { id: 'f-alerts', type: 'checkbox', 'data-testid': 'console-alerts-toggle' });
  alertsToggle.checked = alerts.enabled;
  on(alertsToggle, 'change', () => void alerts.setEnabled(alertsToggle.checked));
  const filters = attr(
    h('form', { class: 'filters', role: 'search' }, field('f-search', 'cases.search', fSearch), field('f-view', 'cases.view', fView), field('f-status', 'cases.filter.status', fStatus), field('f-priority', 'cases.filter.priority', fPriority), field('f-survey', 'cases.filter.survey', fSurvey), field('f-age', 'cases.filter.age', fAge)),
    'aria-label',
    'cases.filter.label',
  );
  const count = h('span', { class: 'count' });
  const listError = h('p', { class: 'banner', role: 'alert', hidden: true });
  const list = attr(h('ul', { class: 'cases' }), 'aria-label', 'cases.title');
  const empty = h('p', { class: 'empty', hidden: true }, text('cases.empty'));
  const listPane = h(
    'section',
    { class: 'list-pane', 'aria-labelledby': 'cases-title' },
    h('div', { class: 'list-head' }, h('h2', { id: 'cases-title' }, text('cases.title'), ' ', count), h('label', { class: 'alerts-toggle', for: 'f-alerts' }, alertsToggle, text('alerts.toggle')), filters),
    listError,
    list,
    empty,
  );

  const title = h('h2', { id: 'case-title', class: 'case-title', tabindex: '-1', 'data-testid': 'console-case-title' });
  const status = h('span', { class: 'case-status', 'data-testid': 'console-case-status' });
  const meta = h('p', { class: 'case-meta muted' });
  const caseError = h('p', { class: 'banner', role: 'alert', hidden: true });
  const back = button({ class: 'btn btn-quiet back' }, () => backToList(), text('cases.back'));

  const transcript = h('ol', {
    class: 'transcript',
    role: 'log',
    'aria-live': 'polite',
    'aria-relevant': 'additions',
    tabindex: '0',
    'aria-labelledby': 'h-transcript',
    'data-testid': 'console-transcript',
  });
  const claimHint = h('p', { class: 'muted' }, text('case.claim.hint'));
  const claim = button({ class: 'btn btn-primary', 'data-testid': 'console-claim' }, () => void claimCase(), text('case.claim'));
  const claimBox = h('div', { class: 'actions', hidden: true }, claimHint, claim);
  const replyInput = attr(h('textarea', { id: 'reply-input', rows: '2', maxlength: '2000', 'data-testid': 'console-reply-input' }), 'placeholder', 'case.reply.placeholder');
  const replySend = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'console-reply-send' }, text('case.reply.send'));
  const cannedPick = h('select', { id: 'canned-pick', 'data-testid': 'console-canned' });
  const cannedRow = h('div', { class: 'canned-row' }, h('label', { for: 'canned-pick' }, text('canned.label')), cannedPick);
  const customerTyping = h('p', { class: 'typing-note muted', role: 'status', 'data-testid': 'console-customer-typing', hidden: true });
  const replyForm = h('form', { class: 'reply', hidden: true }, cannedRow, h('label', { for: 'reply-input' }, text('case.reply.label')), h('div', { class: 'reply-row' }, replyInput, replySend));

  const notesList = h('ul', { class: 'notes', 'data-testid': 'console-notes' });
  const noteInput = attr(h('textarea', { id: 'note-input', rows: '2', maxlength: '2000', 'data-testid': 'console-note-input' }), 'placeholder', 'notes.placeholder');
  const noteAdd = h('button', { type: 'submit', class: 'btn', 'data-testid': 'console-note-add' }, text('notes.add'));
  const noteForm = h('form', { class: 'note-form' }, h('label', { for: 'note-input' }, text('notes.label')), noteInput, noteAdd);
  const notesBox = h('section', { class: 'panel', 'aria-labelledby': 'h-notes', 'data-testid': 'console-notes-panel' }, h('h3', { id: 'h-notes' }, text('notes.title')), h('p', { class: 'muted' }, text('notes.hint')), notesList, noteForm);

  const assignPick = h('select', { id: 'assign-pick', 'data-testid': 'console-assign-pick' });
  const assignBtn = h('button', { type: 'submit', class: 'btn', 'data-testid': 'console-assign' }, text('route.assign'));
  const unclaimBtn = button({ class: 'btn btn-quiet', 'data-testid': 'console-unclaim', hidden: true }, () => void unclaimCase(), text('route.unclaim'));
  const autoHint = h('p', { class: 'muted small', 'data-testid': 'console-auto-assign', hidden: true });
  const assignForm = h('form', { class: 'route-form' }, h('label', { for: 'assign-pick' }, text('route.label')), h('div', { class: 'route-row' }, assignPick, assignBtn));
  const routeBox = h('section', { class: 'panel', 'aria-labelledby': 'h-route', hidden: true }, h('h3', { id: 'h-route' }, text('route.title')), assignForm, autoHint, unclaimBtn);

  const helpClose = button({ class: 'btn btn-primary' }, () => toggleHelp(false), text('shortcuts.close'));
  const help = h(
    'div',
    { class: 'shortcuts-help', hidden: true, role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'h-shortcuts', 'data-testid': 'console-shortcuts' },
    h('div', { class: 'shortcuts-card' }, h('h2', { id: 'h-shortcuts' }, text('shortcuts.title')), h('dl', null, ...SHORTCUTS.flatMap(([key, what]) => [h('dt', null, h('kbd', null, key)), h('dd', null, text(what))])), helpClose),
  );
  const ownerHint = h('p', { class: 'muted owner-hint', hidden: true });

  const resolveNote = attr(h('textarea', { id: 'resolve-note', rows: '3', maxlength: '2000', 'data-testid': 'console-resolve-note' }), 'placeholder', 'case.resolve.placeholder');
  const resolveBtn = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'console-resolve' }, text('case.resolve'));
  const resolveForm = h('form', { class: 'resolve-form' }, h('label', { for: 'resolve-note' }, text('case.resolve.label')), resolveNote, resolveBtn);
  const resolveBox = h(
    'section',
    { class: 'panel resolve-box', 'aria-labelledby': 'h-resolve', hidden: true },
    h('h3', { id: 'h-resolve' }, text('case.resolve.title')),
    resolveForm,
    h('p', { class: 'muted' }, text('case.resolve.after')),
  );
  const outcome = h('dl', { class: 'facts' });
  const outcomeBox = h('section', { class: 'panel', 'aria-labelledby': 'h-outcome', hidden: true }, h('h3', { id: 'h-outcome' }, text('case.outcome')), outcome);
  const scores = h('ul', { class: 'scores' });
  const quotes = h('ul', { class: 'quotes' });
  const triggers = h('ul', { class: 'triggers' });
  const details = h('dl', { class: 'facts' });
  const history = customerHistoryPanel(ctx);

  const casePane = h(
    'section',
    { class: 'case-pane', 'aria-labelledby': 'case-title', hidden: true },
    h('div', { class: 'case-head' }, back, h('div', { class: 'case-title-row' }, title, status), meta),
    caseError,
    h(
      'div',
      { class: 'case-body' },
      h(
        'div',
        { class: 'case-main' },
        h('section', { class: 'panel', 'aria-labelledby': 'h-transcript' }, h('h3', { id: 'h-transcript' }, text('case.conversation')), transcript, customerTyping, claimBox, replyForm, ownerHint),
        notesBox,
        routeBox,
        resolveBox,
        outcomeBox,
      ),
      attr(
        h('aside', { class: 'case-side' }, panel('h-scores', 'case.scores', scores), panel('h-quotes', 'case.quotes', quotes), panel('h-triggers', 'case.triggers', triggers), panel('h-details', 'case.details', details), history.el),
        'aria-label',
        'case.side',
      ),
    ),
  );
  const placeholder = h('section', { class: 'case-placeholder', 'aria-hidden': 'true' }, h('p', null, text('cases.placeholder')));
  const workspace = h('div', { class: 'workspace cases-ws' }, listPane, casePane, placeholder);
  const el = h('div', { class: 'page page-cases', hidden: true, 'data-page': 'cases' }, workspace, help);

  // ---------------------------------------------------------------- state
  let visible = false;
  let cases: CaseSummary[] = [];
  let listSeq = 0;
  let listTimer = 0;
  let selectedId: string | null = null;
  let current: EscalationCase | null = null;
  let caseSeq = 0;
  let caseTimer = 0;
  /** Which case the transcript shows, how many lines, and the last one: only new lines are added. */
  let rendered = { id: '', count: 0, last: '' };
  let focusTitleOnLoad = false;
  let ticks = 0;
  let ticker = 0;

  const session = () => ctx.session();
  const isAdmin = () => session()?.user.role === 'admin';
  const filterValues = (): CaseFilters => ({ status: fStatus.value, priority: fPriority.value, survey: fSurvey.value, maxAgeHours: fAge.value, view: fView.value, q: fSearch.value });
  let canned: CannedReply[] = [];
  let cannedLoadedAt = 0;
  let agents: AgentsList | null = null;
  let agentsLoadedAt = 0;
  let typingSentAt = 0;
  let typingTimer = 0;

  // ---------------------------------------------------------------- list
  async function loadList(): Promise<void> {
    if (!session()) return;
    const seq = ++listSeq;
    try {
      const data = await ctx.api.cases(filterValues());
      if (seq !== listSeq || !session()) return;
      cases = Array.isArray(data.cases) ? data.cases : [];
      say(listError, '');
      renderList();
    } catch (err) {
      if (seq !== listSeq || !session()) return;
      say(listError, t('cases.loadError', { error: errorText(err, t) }));
    }
  }
  const scheduleList = (delay: number) => {
    window.clearTimeout(listTimer);
    listTimer = window.setTimeout(() => void loadList(), delay);
  };

  function caseRow(c: CaseSummary): HTMLLIElement {
    const sla = slaLabel(c, now(), intlLocale(), t);
    const quote = str(c.worstQuote?.text);
    const trs = Array.isArray(c.triggers) ? c.triggers : [];
    const who = c.assignee ? (isMine(c, session()) ? t('cases.row.you') : assigneeName(c)) : t('cases.row.unassigned');
    const row = button(
      { class: 'item', 'data-testid': 'console-case-row', 'data-case-id': c.id, 'aria-current': c.id === selectedId ? 'true' : 'false' },
      () => openCase(c.id),
      h('span', { class: 'row-top' }, badge('p', c.priority, priorityText(c.priority, t)), badge('s', c.status, t(`case.badge.${c.status}`)), h('span', { class: 'spacer' }), h('span', { class: sla.late ? 'sla late' : 'sla', title: sla.title }, sla.text)),
      h('span', { class: 'row-name' }, caseName(c, t)),
      quote ? h('span', { class: 'row-quote' }, truncate(quote, 160)) : null,
      h(
        'span',
        { class: 'row-bottom' },
        ...trs.slice(0, 4).map((tr) => h('span', { class: 'chip' }, ruleName(tr, t))),
        trs.length > 4 ? h('span', { class: 'chip' }, `+${trs.length - 4}`) : null,
        h('span', { class: 'spacer' }),
        h('span', { class: 'assignee' }, who),
      ),
    );
    return h('li', null, row);
  }

  function rows(): HTMLButtonElement[] {
    return Array.from(list.querySelectorAll<HTMLButtonElement>('.item'));
  }

  function renderList(): void {
    const active = document.activeElement;
    const focusedId = active instanceof HTMLElement && active.classList.contains('item') ? active.getAttribute('data-case-id') : null;
    replaceChildren(list, ...cases.map(caseRow));
    count.textContent = `(${cases.length})`;
    show(empty, cases.length === 0);
    if (focusedId) rows().find((b) => b.getAttribute('data-case-id') === focusedId)?.focus({ preventScroll: true });
  }

  for (const f of [fStatus, fPriority, fAge, fView]) on(f, 'change', () => void loadList());
  on(fSurvey, 'input', () => scheduleList(300));
  on(fSearch, 'input', () => scheduleList(300));
  on(filters, 'submit', (e) => {
    e.preventDefault();
    void loadList();
  });

  // ---------------------------------------------------------------- one case
  const caseHash = (id: string) => `#case=${encodeURIComponent(id)}`;
  function hashCase(): string | null {
    const m = /^#case=(.+)$/.exec(location.hash);
    if (!m) return null;
    try {
      return decodeURIComponent(m[1]!);
    } catch {
      return null;
    }
  }

  function openCase(id: string): void {
    focusTitleOnLoad = true;
    if (location.hash !== caseHash(id)) location.hash = caseHash(id);
    else route();
    if (current && current.id === id) focusTitle();
  }
  const focusTitle = () => {
    focusTitleOnLoad = false;
    title.focus({ preventScroll: false });
  };

  function clearCase(): void {
    current = null;
    ctx.typing.watch(null);
    hideCustomerTyping();
    rendered = { id: '', count: 0, last: '' };
    replaceChildren(transcript);
    replyInput.value = '';
    resolveNote.value = '';
    show(casePane, false);
  }

  function route(): void {
    if (!session() || !visible) return;
    const id = hashCase();
    if (id === selectedId) return;
    selectedId = id;
    for (const b of rows()) b.setAttribute('aria-current', b.getAttribute('data-case-id') === id ? 'true' : 'false');
    say(caseError, '');
    if (!id) {
      clearCase();
      workspace.classList.remove('has-case');
      ctx.setTitle(t('cases.title'));
      return;
    }
    if (!current || current.id !== id) clearCase();
    workspace.classList.add('has-case');
    void loadCase();
  }
  on(window, 'hashchange', route);

  function backToList(): void {
    const id = selectedId;
    location.hash = '';
    if (id) rows().find((b) => b.getAttribute('data-case-id') === id)?.focus();
  }

  async function loadCase(): Promise<void> {
    if (!session() || !selectedId) return;
    const id = selectedId;
    const seq = ++caseSeq;
    try {
      const data = await ctx.api.case(id);
      if (seq !== caseSeq || id !== selectedId || !session()) return;
      if (data.case) renderCase(data.case);
    } catch (err) {
      if (seq !== caseSeq || id !== selectedId || !session()) return;
      say(caseError, err instanceof ApiError && err.status === 404 ? t('case.gone') : t('case.loadError', { error: errorText(err, t) }));
      if (!current) {
        show(casePane, true);
        title.textContent = t('case.fallbackTitle', { id });
        status.textContent = '';
      }
    }
  }
  const scheduleCase = (delay: number) => {
    window.clearTimeout(caseTimer);
    caseTimer = window.setTimeout(() => void loadCase(), delay);
  };

  /** A case the server answered with (after claim, reply, resolve): drawn at once; the list follows. */
  function applyCase(c: EscalationCase | undefined): void {
    if (!c || c.id !== selectedId) return;
    caseSeq++; // an older GET still in flight must not draw over this newer state
    renderCase(c);
    const i = cases.findIndex((x) => x.id === c.id);
    if (i >= 0) {
      const { transcript: _t, quotes: _q, address, ...rest } = c;
      cases[i] = { ...cases[i]!, ...rest, channel: address.channelId };
      renderList();
    }
    scheduleList(150);
  }

  function renderCase(c: EscalationCase): void {
    const another = current?.id !== c.id;
    current = c;
    const active = c.status === 'open' || c.status === 'claimed';
    ctx.typing.watch(visible && active ? c.id : null);
    if (another || !active) hideCustomerTyping();
    if (another) void loadCanned();
    show(casePane, true);
    title.textContent = caseName(c, t);
    ctx.setTitle(customerLabel(c, t));

    const mine = isMine(c, session());
    const assignee = assigneeName(c);
    status.className = `case-status badge s-${c.status}`;
    status.setAttribute('data-status', c.status);
    status.textContent = statusText(c, mine, t);

    const channel = str(c.address?.channelId) || 'chat';
    replaceChildren(meta, badge('p', c.priority, t('case.priority', { priority: priorityText(c.priority, t) })), ` · ${str(c.surveyId)} · ${channel} · ${str(c.locale)} · ${t('case.opened', { when: rel(c.createdAt) })}`);
    const sla = slaLabel(c, now(), intlLocale(), t);
    if (c.status === 'open') meta.append(' · ', h('span', { class: sla.late ? 'sla late' : 'sla', title: sla.title }, sla.text));

    const lines = Array.isArray(c.transcript) ? c.transcript.length : 0;
    // Their message arrived: they are no longer typing it.
    if (rendered.id === c.id && lines > rendered.count && c.transcript.slice(rendered.count).some((e) => e.from === 'customer')) hideCustomerTyping();
    renderTranscript(c);

    show(claimBox, c.status === 'open');
    show(replyForm, c.status === 'claimed' && mine);
    const others = c.status === 'claimed' && !mine;
    show(ownerHint, others);
    ownerHint.textContent = others ? t('case.owner', { name: assignee }) + (isAdmin() ? ` ${t('case.owner.admin')}` : '') : '';
    show(resolveBox, active && (c.status === 'open' || mine || isAdmin()));

    renderOutcome(c);
    renderScores(c);
    renderQuotes(c);
    renderTriggers(c);
    renderDetails(c);
    renderNotes(c);
    renderRoute(c, mine);
    renderCanned(c);
    alerts.markSeen(c.id);
    history.showFor(c);
    if (focusTitleOnLoad) focusTitle();
  }

  function lineEl(e: TranscriptEntry, c: EscalationCase): HTMLLIElement {
    const from = ['customer', 'bot', 'agent', 'system'].includes(e.from) ? e.from : 'system';
    let who = t(`case.from.${from}`);
    const me = session()?.user.name;
    if (from === 'customer' && str(c.customer?.name)) who = t('case.from.customerNamed', { name: str(c.customer.name) });
    if (from === 'agent') who = t(me && e.name === me ? 'case.from.you' : 'case.from.agentNamed', { name: str(e.name) || t('case.from.agent') });
    const tag = (from === 'bot' || from === 'customer') && e.name ? h('span', { class: 'chip' }, humanize(e.name)) : null;
    return h(
      'li',
      { class: 'line', 'data-testid': 'console-transcript-line', 'data-from': from },
      h('span', { class: 'who-line' }, h('span', null, who), tag, h('time', { datetime: str(e.at), title: abs(e.at) }, clockTime(e.at, now(), intlLocale()))),
      h('span', { class: 'text' }, transcriptText(e, t)),
    );
  }
  const lineKey = (e: TranscriptEntry | undefined) => (e ? `${e.at}|${e.from}|${e.id ?? ''}|${String(e.text).length}` : '');

  /** Appends only new lines: the log is a live region, and the agent may have scrolled up. */
  function renderTranscript(c: EscalationCase, redraw = false): void {
    const lines = Array.isArray(c.transcript) ? c.transcript : [];
    const stick = transcript.scrollHeight - transcript.scrollTop - transcript.clientHeight < 80;
    const n = rendered.count;
    const extendable = !redraw && rendered.id === c.id && n > 0 && lines.length >= n && lineKey(lines[n - 1]) === rendered.last && !!transcript.querySelector('.line');
    if (!extendable) {
      replaceChildren(transcript);
      if (!lines.length) transcript.append(h('li', { class: 'transcript-empty' }, t('case.transcript.empty')));
    }
    for (const e of lines.slice(extendable ? n : 0)) transcript.append(lineEl(e, c));
    rendered = { id: c.id, count: lines.length, last: lineKey(lines[lines.length - 1]) };
    if (!extendable || stick) transcript.scrollTop = transcript.scrollHeight;
  }

  function fact(dl: HTMLElement, term: string, value: string | undefined): void {
    if (value === undefined || value === '') return;
    dl.append(h('dt', null, term), h('dd', null, value));
  }

  function renderOutcome(c: EscalationCase): void {
    replaceChildren(outcome);
    const closed = c.status === 'resolved' || c.status === 'expired';
    show(outcomeBox, closed || !!c.recovery);
    if (c.resolvedBy) fact(outcome, t('case.fact.resolvedBy'), str(c.resolvedBy.name) || str(c.resolvedBy.id));
    if (c.resolvedAt) fact(outcome, t('case.fact.resolved'), `${abs(c.resolvedAt)} (${rel(c.resolvedAt)})`);
    if (c.resolvedAt) fact(outcome, t('case.fact.took'), between(c.createdAt, c.resolvedAt, intlLocale()));
    if (closed) fact(outcome, t('case.fact.note'), str(c.resolutionNote) || '—');
    const r = c.recovery;
    if (r) {
      fact(outcome, t('case.fact.customerSays'), t(r.resolved === true ? 'case.recovery.resolved' : r.resolved === false ? 'case.recovery.notResolved' : 'case.recovery.noAnswer'));
      if (typeof r.rating === 'number') fact(outcome, t('case.fact.satisfactionAfter'), `${r.rating} / 5`);
      if (r.at) fact(outcome, t('case.fact.answered'), abs(r.at));
    } else if (c.status === 'resolved') {
      fact(outcome, t('case.fact.customerSays'), t('case.recovery.waiting'));
    }
  }

  function renderScores(c: EscalationCase): void {
    const list = Array.isArray(c.scores) ? c.scores : [];
    replaceChildren(scores);
    if (!list.length) scores.append(h('li', { class: 'none' }, t('case.scores.none')));
    for (const s of list) {
      const share = Math.max(0, Math.min(1, (s.value - s.min + 1) / (s.max - s.min + 1)));
      const fill = h('i', { class: share <= 0.4 ? 'lo' : share < 0.8 ? 'mid' : 'hi' });
      fill.style.width = `${Math.round(share * 100)}%`; // CSSOM: allowed by the CSP (no style attribute parsed)
      scores.append(
        h(
          'li',
          { class: 'score' },
          h('span', null, humanize(s.questionId)),
          h('span', { class: 'score-value', 'aria-label': t('case.scores.of', { value: s.value, max: s.max }) }, `${s.value} / ${s.max}`),
          h('span', { class: 'bar', 'aria-hidden': 'true' }, fill),
        ),
      );
    }
  }

  const sentimentClass = (score: number) => (score < -0.05 ? 'sent-negative' : score > 0.05 ? 'sent-positive' : 'sent-neutral');
  function renderQuotes(c: EscalationCase): void {
    const list: CaseQuote[] = Array.isArray(c.quotes) ? c.quotes : [];
    replaceChildren(quotes);
    if (!list.length) quotes.append(h('li', { class: 'none' }, t('case.quotes.none')));
    for (const q of list) {
      const label = q.label && ['negative', 'neutral', 'positive', 'mixed', 'unsure'].includes(q.label) ? q.label : '';
      const word = label ? t(`sentiment.${label}`) : '';
      const sure = typeof q.confidence === 'number' ? ` · ${t('case.quotes.confidence', { percent: Math.round(q.confidence * 100) })}` : '';
      // The words the scorer read the label from: the agent sees why, and can disagree.
      const drivers = Array.isArray(q.drivers) ? q.drivers.filter((d) => typeof d === 'string').slice(0, 5) : [];
      quotes.append(
        h(
          'li',
          null,
          h('p', { class: 'quote-text' }, str(q.text)),
          h(
            'span',
            { class: 'quote-meta' },
            h('span', null, humanize(q.questionId)),
            label ? h('span', { class: `chip sent-${label}` }, `${typeof q.sentiment === 'number' ? `${word} ${signed(q.sentiment)}` : word}${sure}`) : null,
            ...(q.aspects ?? []).map((a) => h('span', { class: `chip ${sentimentClass(a.score)}` }, `${humanize(a.aspect)} ${signed(Number(a.score) || 0)}`)),
          ),
          drivers.length ? h('p', { class: 'quote-drivers muted' }, t('case.quotes.drivers', { words: drivers.map((d) => `“${d}”`).join(', ') })) : null,
        ),
      );
    }
  }

  function renderTriggers(c: EscalationCase): void {
    const list = Array.isArray(c.triggers) ? c.triggers : [];
    replaceChildren(triggers);
    if (!list.length) triggers.append(h('li', { class: 'none' }, t('case.triggers.none')));
    for (const tr of list) {
      triggers.append(
        h(
          'li',
          { class: 'trigger' },
          badge('p', tr.priority, priorityText(tr.priority, t)),
          h('span', null, ruleName(tr, t)),
          tr.matched ? h('span', { class: 'chip' }, `“${str(tr.matched)}”`) : null,
          h('time', { class: 'muted', datetime: str(tr.at), title: abs(tr.at) }, rel(tr.at)),
        ),
      );
    }
  }

  function renderDetails(c: EscalationCase): void {
    replaceChildren(details);
    const extra = (obj: Record<string, unknown> | undefined, prefix: string, skipName: boolean) => {
      for (const [k, v] of Object.entries(obj ?? {})) {
        if (k === 'name' && skipName) continue;
        if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') fact(details, `${prefix} ${k}`, String(v));
        else if (Array.isArray(v) && v.length) {
          const items = v.map((x) => (x && typeof x === 'object' ? str((x as Record<string, unknown>).name) || str((x as Record<string, unknown>).id) : str(x))).filter(Boolean);
          fact(details, `${prefix} ${k}`, items.join(', '));
        }
      }
    };
    fact(details, t('case.fact.customer'), str(c.customer?.name));
    extra(c.customer, t('case.fact.customer'), true);
    extra(c.order, t('case.fact.order'), false);
    fact(details, t('case.fact.survey'), str(c.surveyId));
    fact(details, t('case.fact.channel'), str(c.address?.channelId));
    fact(details, t('case.fact.language'), str(c.locale));
    fact(details, t('case.fact.opened'), abs(c.createdAt));
    if (c.status === 'open') fact(details, t('case.fact.claimBy'), abs(c.slaDeadline));
    if (c.overdue > 0) fact(details, t('case.fact.missed'), String(c.overdue));
    if (c.claimedAt) fact(details, t('case.fact.claimed'), `${abs(c.claimedAt)} (${t('case.fact.waited', { time: between(c.createdAt, c.claimedAt, intlLocale()) })})`);
    fact(details, t('case.fact.id'), str(c.id));
  }

  function renderNotes(c: EscalationCase): void {
    const notes = Array.isArray(c.notes) ? c.notes : [];
    replaceChildren(notesList);
    if (!notes.length) notesList.append(h('li', { class: 'none muted' }, t('notes.none')));
    for (const n of notes) {
      notesList.append(
        h(
          'li',
          { class: 'note', 'data-testid': 'console-note' },
          h('span', { class: 'who-line' }, h('span', null, str(n.author?.name)), h('time', { datetime: str(n.at), title: abs(n.at) }, rel(n.at))),
          h('span', { class: 'text' }, str(n.text)),
        ),
      );
    }
  }

  function renderRoute(c: EscalationCase, mine: boolean): void {
    const active = c.status === 'open' || c.status === 'claimed';
    const shown = active && (c.status === 'open' || mine || isAdmin());
    show(routeBox, shown);
    show(unclaimBtn, c.status === 'claimed' && (mine || isAdmin()));
    if (shown) void loadAgents();
    // Only the people on the server's list: a name typed by hand could be no one.
    const chosen = assignPick.value;
    const choices = agentChoices(agents?.agents ?? [], { me: session()?.user.name ?? '', assignee: c.assignee?.id });
    replaceChildren(
      assignPick,
      h('option', { value: '' }, agents ? (choices.length ? t('route.pick') : t('route.nobody')) : t('route.loading')),
      ...choices.map((a) =>
        h(
          'option',
          { value: a.id, 'data-online': a.online ? 'true' : 'false' },
          t(a.online ? 'route.option.online' : 'route.option.offline', { name: a.me ? t('route.me', { name: a.name }) : a.name, count: a.openCases }),
        ),
      ),
    );
    assignPick.value = choices.some((a) => a.id === chosen) ? chosen : '';
    const auto = agents?.autoAssign;
    show(autoHint, auto?.mode === 'round-robin');
    autoHint.textContent = auto?.mode === 'round-robin' ? t(auto.maxOpenPerAgent ? 'route.auto.capped' : 'route.auto', { count: auto.maxOpenPerAgent }) : '';
  }

  async function loadAgents(force = false): Promise<void> {
    if (!session() || (!force && Date.now() - agentsLoadedAt < AGENTS_FRESH_MS)) return;
    agentsLoadedAt = Date.now();
    try {
      agents = await ctx.api.agents();
      if (current) renderRoute(current, isMine(current, session()));
    } catch {
      agentsLoadedAt = 0; // tried again the next time the panel is drawn
    }
  }
  // Who is online moves on: a look at the list brings it up to date.
  on(assignPick, 'focus', () => void loadAgents());

  function renderCanned(c: EscalationCase): void {
    const chosen = cannedPick.value;
    replaceChildren(cannedPick, h('option', { value: '' }, canned.length ? t('canned.pick') : t('canned.none')), ...canned.map((r) => h('option', { value: r.id }, cannedTitle(r, intlLocale()))));
    cannedPick.value = canned.some((r) => r.id === chosen) ? chosen : '';
    cannedPick.disabled = !canned.length;
    cannedPick.setAttribute('data-locale', str(c.locale));
  }

  /** Admins may change the replies at any time: read again when the page opens and for each case. */
  async function loadCanned(): Promise<void> {
    if (!session() || Date.now() - cannedLoadedAt < AGENTS_FRESH_MS) return;
    cannedLoadedAt = Date.now();
    try {
      canned = (await ctx.api.cannedReplies()).replies ?? [];
      if (current) renderCanned(current);
    } catch {
      // The reply box works without them; the next visit tries again.
      cannedLoadedAt = 0;
    }
  }

  on(cannedPick, 'change', () => {
    const reply = canned.find((r) => r.id === cannedPick.value);
    if (!reply || !current) return;
    const c = current;
    const filled = fillCanned(cannedText(reply, str(c.locale) || 'en'), {
      name: str(c.customer?.name),
      orderId: str(c.order?.id) || str(c.order?.orderId),
      customerId: str(c.customer?.id),
      agent: session()?.user.name ?? '',
    });
    replyInput.value = filled.text;
    cannedPick.value = '';
    if (filled.missing.length) say(caseError, t('canned.missing', { names: filled.missing.map((m) => `{${m}}`).join(', ') }));
    replyInput.focus();
  });

  // ---------------------------------------------------------------- actions
  async function act(btn: HTMLButtonElement, run: (id: string) => Promise<{ case: EscalationCase }>, done?: () => void): Promise<boolean> {
    if (!current) return false;
    const id = current.id;
    setBusy(btn, true);
    say(caseError, '');
    try {
      const data = await run(id);
      done?.();
      applyCase(data.case);
      return true;
    } catch (err) {
      if (!session()) return false;
      const known = err instanceof ApiError && ['CASE_TAKEN', 'CASE_CLOSED', 'FORBIDDEN'].includes(err.code);
      say(caseError, known ? errorText(err, t) : t('case.actionFailed', { error: errorText(err, t) }));
      if (id === selectedId) scheduleCase(0);
      return false;
    } finally {
      setBusy(btn, false);
    }
  }

  async function claimCase(): Promise<void> {
    if (await act(claim, (id) => ctx.api.claim(id))) {
      ctx.toast(t('case.claimed.toast'));
      if (!replyForm.hidden) replyInput.focus();
    }
  }

  async function sendReply(): Promise<void> {
    const msg = replyInput.value.trim();
    if (!msg || replySend.disabled) return;
    const ok = await act(replySend, (id) => ctx.api.message(id, msg), () => {
      if (replyInput.value.trim() === msg) replyInput.value = '';
    });
    if (ok) replyInput.focus();
  }
  on(replyForm, 'submit', (e) => {
    e.preventDefault();
    void sendReply();
  });
  on(replyInput, 'keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      void sendReply();
    }
  });

  on(noteForm, 'submit', async (e) => {
    e.preventDefault();
    const note = noteInput.value.trim();
    if (!note) return noteInput.focus();
    if (await act(noteAdd, (id) => ctx.api.note(id, note), () => (noteInput.value = ''))) ctx.toast(t('notes.added'));
  });

  on(assignForm, 'submit', async (e) => {
    e.preventDefault();
    const to = assignPick.value;
    if (!to) return assignPick.focus();
    const name = agents?.agents.find((a) => a.id === to)?.name ?? to;
    if (await act(assignBtn, (id) => ctx.api.assign(id, to), () => (assignPick.value = ''))) {
      ctx.toast(t('route.assigned', { name }));
      void loadAgents(true);
    }
  });

  // The customer sees that their agent is typing (web chat); at most every few seconds.
  on(replyInput, 'input', () => {
    const c = current;
    if (!c || c.status !== 'claimed' || !isMine(c, session()) || !replyInput.value.trim()) return;
    if (Date.now() - typingSentAt < TYPING_SEND_MS) return;
    if (ctx.typing.send(c.id)) typingSentAt = Date.now();
  });

  function hideCustomerTyping(): void {
    window.clearTimeout(typingTimer);
    show(customerTyping, false);
    customerTyping.textContent = '';
  }

  async function unclaimCase(): Promise<void> {
    if (await act(unclaimBtn, (id) => ctx.api.unclaim(id))) ctx.toast(t('route.unclaimed'));
  }

  function toggleHelp(open: boolean): void {
    show(help, open);
    if (open) helpClose.focus();
  }

  /** j/k move through the list and open the case; the rest act on the open case. */
  function step(by: number): void {
    const all = rows();
    if (!all.length) return;
    const at = all.findIndex((b) => b.getAttribute('data-case-id') === selectedId);
    const next = all[Math.max(0, Math.min(all.length - 1, at < 0 ? 0 : at + by))]!;
    const id = next.getAttribute('data-case-id');
    if (id) openCase(id);
  }

  on(document, 'keydown', (e) => {
    if (!visible || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
    if (!help.hidden) {
      if (e.key === 'Escape' || e.key === '?') {
        e.preventDefault();
        toggleHelp(false);
      }
      return;
    }
    const target = e.target;
    if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement || (target instanceof HTMLElement && target.isContentEditable)) return;
    const act = (run: () => void) => {
      e.preventDefault();
      run();
    };
    switch (e.key) {
      case 'j':
        return act(() => step(1));
      case 'k':
        return act(() => step(-1));
      case '?':
        return act(() => toggleHelp(true));
      case 's':
        return act(() => fSearch.focus());
      case 'c':
        if (!claimBox.hidden && !claim.disabled) act(() => void claimCase());
        return;
      case 'r':
        if (!resolveBox.hidden) act(() => (resolveNote.value.trim() ? resolveForm.requestSubmit() : resolveNote.focus()));
        return;
      case '/':
        if (!replyForm.hidden && !cannedPick.disabled) act(() => cannedPick.focus());
        return;
      case 'n':
        if (current) act(() => noteInput.focus());
        return;
    }
  });

  on(resolveForm, 'submit', async (e) => {
    e.preventDefault();
    const note = resolveNote.value.trim();
    if (!note) {
      say(caseError, t('case.resolve.needNote'));
      resolveNote.focus();
      return;
    }
    if (await act(resolveBtn, (id) => ctx.api.resolve(id, note), () => (resolveNote.value = ''))) {
      ctx.toast(t('case.resolved.toast'));
      title.focus();
    }
  });

  on(el, 'keydown', (e) => {
    if (e.key === 'Escape' && selectedId && visible && window.matchMedia(NARROW).matches && !(e.target instanceof HTMLTextAreaElement)) backToList();
  });

  // Relative times move on; while the socket is down, the list is polled instead.
  function tick(): void {
    if (!session() || !visible) return;
    ticks++;
    if (!ctx.live() && ticks % 2 === 0) {
      void loadList();
      if (selectedId) void loadCase();
      return;
    }
    renderList();
    if (current) renderCase(current);
  }

  onLanguage(() => {
    renderList();
    if (visible && !current) ctx.setTitle(t('cases.title'));
    if (current) {
      renderCase(current);
      renderTranscript(current, true);
    }
  });

  return {
    el,
    enter() {
      visible = true;
      show(el, true);
      ctx.setTitle(current ? customerLabel(current, t) : t('cases.title'));
      window.clearInterval(ticker);
      ticker = window.setInterval(tick, TICK_MS);
      void loadList();
      void loadCanned();
      // Back from another page: the case in the URL may differ from the one shown.
      const want = hashCase();
      if (want !== selectedId) route();
      else if (selectedId) void loadCase();
    },
    leave() {
      visible = false;
      show(el, false);
      window.clearInterval(ticker);
      ctx.typing.watch(null);
      hideCustomerTyping();
    },
    reset() {
      visible = false;
      show(el, false);
      window.clearInterval(ticker);
      window.clearTimeout(listTimer);
      window.clearTimeout(caseTimer);
      listSeq++;
      caseSeq++;
      cases = [];
      canned = [];
      cannedLoadedAt = 0;
      agents = null;
      agentsLoadedAt = 0;
      toggleHelp(false);
      selectedId = null;
      replaceChildren(list);
      clearCase();
      history.reset();
      workspace.classList.remove('has-case');
    },
    hash: () => (selectedId ? caseHash(selectedId) : ''),
    changed(caseId) {
      if (!visible) return;
      scheduleList(200);
      if (caseId === selectedId) scheduleCase(50);
    },
    resumed() {
      if (!visible) return;
      scheduleList(0);
      if (selectedId) scheduleCase(0);
    },
    customerTyping(caseId) {
      if (!visible || !current || current.id !== caseId) return;
      customerTyping.textContent = str(current.customer?.name) ? t('case.typing.named', { name: str(current.customer.name) }) : t('case.typing');
      show(customerTyping, true);
      window.clearTimeout(typingTimer);
      typingTimer = window.setTimeout(hideCustomerTyping, TYPING_SHOWN_MS);
    },
  };
}
