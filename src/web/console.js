/* global window, document, location, history, sessionStorage, fetch, WebSocket, URLSearchParams, setTimeout, clearTimeout, setInterval */
/*
 * Satisfy agent console: one dependency-free ES2020 file, loaded by console.html (GET /console).
 * It talks to /console/api (JSON, Bearer session token) and listens on the /console/ws WebSocket
 * for "a case changed" notices; see src/web/README.md.
 * Security: customer text is untrusted. Every dynamic text goes in through textContent, never as HTML.
 */
(() => {
  'use strict';

  const script = document.currentScript || document.querySelector('script[src$="console.js"]');
  const BASE = new URL('.', script ? script.src : location.href); // …/console/
  const API = new URL('api/', BASE).href;
  const WS_URL = (() => {
    const u = new URL('ws', BASE);
    u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
    return u.href;
  })();
  const STORE_KEY = 'satisfy:console';

  // ---------------------------------------------------------------- DOM helpers (text only)
  const $ = (id) => document.getElementById(id);
  const h = (tag, props, ...kids) => {
    const el = document.createElement(tag);
    for (const k in props || {}) {
      const v = props[k];
      if (v == null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = String(v);
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of kids) if (c != null && c !== false) el.append(c);
    return el;
  };
  const clear = (el) => {
    while (el.firstChild) el.firstChild.remove();
  };
  const show = (el, on) => {
    el.hidden = !on;
  };

  const ui = {
    sessionBar: $('session-bar'),
    live: $('live'),
    who: $('who'),
    signout: $('signout'),
    signin: $('signin'),
    form: $('signin-form'),
    hint: $('signin-hint'),
    userField: $('user-field'),
    user: $('login-user'),
    password: $('login-password'),
    passwordLabel: $('login-password-label'),
    admin: $('login-admin'),
    loginError: $('login-error'),
    loginSubmit: $('login-submit'),
    workspace: $('workspace'),
    count: $('case-count'),
    fStatus: $('f-status'),
    fPriority: $('f-priority'),
    fSurvey: $('f-survey'),
    fAge: $('f-age'),
    listError: $('list-error'),
    cases: $('cases'),
    empty: $('cases-empty'),
    casePane: $('case-pane'),
    back: $('back'),
    title: $('case-title'),
    status: $('case-status'),
    meta: $('case-meta'),
    caseError: $('case-error'),
    transcript: $('transcript'),
    claimBox: $('claim-box'),
    claimHint: $('claim-hint'),
    claim: $('claim'),
    replyForm: $('reply-form'),
    replyInput: $('reply-input'),
    replySend: $('reply-send'),
    ownerHint: $('owner-hint'),
    resolveBox: $('resolve-box'),
    resolveForm: $('resolve-form'),
    resolveNote: $('resolve-note'),
    resolve: $('resolve'),
    outcomeBox: $('outcome-box'),
    outcome: $('outcome'),
    scores: $('scores'),
    quotes: $('quotes'),
    triggers: $('triggers'),
    details: $('details'),
    toast: $('toast'),
    main: $('main'),
  };

  // ---------------------------------------------------------------- formatting
  const rtf = typeof Intl !== 'undefined' && Intl.RelativeTimeFormat ? new Intl.RelativeTimeFormat('en', { numeric: 'auto' }) : null;
  /** "in 12 minutes", "5 minutes ago", "in 2 hours", "now". */
  function relative(iso) {
    const at = Date.parse(iso);
    if (!Number.isFinite(at)) return '';
    const diff = at - Date.now();
    const abs = Math.abs(diff);
    if (abs < 45_000) return 'now';
    const [unit, ms] = abs < 45 * 60_000 ? ['minute', 60_000] : abs < 22 * 3_600_000 ? ['hour', 3_600_000] : ['day', 86_400_000];
    const n = Math.round(diff / ms) || Math.sign(diff);
    if (rtf) return rtf.format(n, unit);
    const m = Math.abs(n);
    return n < 0 ? `${m} ${unit}${m === 1 ? '' : 's'} ago` : `in ${m} ${unit}${m === 1 ? '' : 's'}`;
  }
  const absolute = (iso) => {
    const d = new Date(iso);
    return Number.isFinite(d.getTime()) ? d.toLocaleString() : '';
  };
  const clock = (iso) => {
    const d = new Date(iso);
    if (!Number.isFinite(d.getTime())) return '';
    const today = new Date().toDateString() === d.toDateString();
    return today ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : d.toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  };
  const str = (v) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  const cap = (s) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);
  const ACRONYMS = { csat: 'CSAT', nps: 'NPS', ces: 'CES' };
  const humanize = (id) => ACRONYMS[String(id)] || cap(String(id || '').replace(/[_-]+/g, ' '));
  const truncate = (s, n) => (s.length > n ? s.slice(0, n - 1).trimEnd() + '…' : s);
  const customerLabel = (c) => str(c.customer && c.customer.name) || str(c.customer && c.customer.id) || 'Anonymous customer';
  const orderId = (c) => str(c.order && c.order.id);
  const RULE_NAMES = { '@customer': 'Asked for a person' };
  const ruleName = (t) => RULE_NAMES[t.ruleId] || (t.reason === 'customer' ? 'Asked for a person' : humanize(t.ruleId));
  const badge = (kind, value, text) => h('span', { class: `badge ${kind}-${value}` }, text || value);

  // ---------------------------------------------------------------- session
  let session = null; // {token, user: {name, role}, expiresAt}
  let expiryTimer = 0;
  const loadSession = () => {
    try {
      const s = JSON.parse(sessionStorage.getItem(STORE_KEY) || 'null');
      if (s && typeof s.token === 'string' && s.user && typeof s.user.name === 'string') {
        if (s.expiresAt && Date.parse(s.expiresAt) <= Date.now()) return null;
        return s;
      }
    } catch {
      /* storage unavailable or corrupt: sign in again */
    }
    return null;
  };
  const saveSession = (s) => {
    try {
      if (s) sessionStorage.setItem(STORE_KEY, JSON.stringify(s));
      else sessionStorage.removeItem(STORE_KEY);
    } catch {
      /* storage unavailable: the session lasts until reload */
    }
  };
  const isMine = (c) => {
    const a = c && c.assignee;
    return !!(a && session && a.via === 'console' && (a.id === session.user.name || a.name === session.user.name));
  };
  const isAdmin = () => !!(session && session.user.role === 'admin');

  // ---------------------------------------------------------------- API
  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  async function api(method, path, body) {
    const headers = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const auth = path !== 'login';
    if (auth && session) headers.authorization = 'Bearer ' + session.token;
    const token = session && session.token;
    let res;
    try {
      res = await fetch(API + path, { method, headers, cache: 'no-store', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    } catch {
      throw new ApiError(0, 'NETWORK', 'Cannot reach the server. Check the connection and try again.');
    }
    const data = await res.json().catch(() => null);
    if (!res.ok) {
      const e = (data && data.error) || {};
      const err = new ApiError(res.status, String(e.code || 'HTTP_' + res.status), String(e.message || `The server answered ${res.status}.`));
      // Only end the session the request was made with (a late answer must not sign out a new one).
      if (res.status === 401 && auth && session && session.token === token) endSession('Your session has ended. Please sign in again.');
      throw err;
    }
    return data || {};
  }

  // ---------------------------------------------------------------- sign-in
  const setBusy = (btn, busy) => {
    btn.disabled = busy;
    if (busy) btn.setAttribute('aria-busy', 'true');
    else btn.removeAttribute('aria-busy');
  };
  const loginError = (text) => {
    ui.loginError.textContent = text || '';
    show(ui.loginError, !!text);
  };

  function applyLoginMode() {
    const admin = ui.admin.checked;
    show(ui.userField, !admin);
    ui.user.required = !admin;
    ui.passwordLabel.textContent = admin ? 'Admin token' : 'Password';
    ui.password.setAttribute('autocomplete', admin ? 'off' : 'current-password');
    ui.hint.textContent = admin ? 'Sign in with the ADMIN_TOKEN the server was started with.' : 'Sign in with your console account.';
    loginError('');
  }
  ui.admin.addEventListener('change', () => {
    applyLoginMode();
    (ui.admin.checked ? ui.password : ui.user).focus();
  });

  ui.form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const admin = ui.admin.checked;
    const username = ui.user.value.trim();
    const password = ui.password.value;
    if (!admin && !username) {
      loginError('Enter your username.');
      ui.user.focus();
      return;
    }
    if (!password) {
      loginError(admin ? 'Enter the admin token.' : 'Enter your password.');
      ui.password.focus();
      return;
    }
    loginError('');
    setBusy(ui.loginSubmit, true);
    try {
      const data = await api('POST', 'login', admin ? { token: password } : { username, password });
      if (!data.token || !data.user) throw new ApiError(500, 'BAD_ANSWER', 'The server gave an unexpected answer. Try again.');
      ui.password.value = '';
      startSession({ token: String(data.token), user: { name: String(data.user.name), role: String(data.user.role) }, expiresAt: data.expiresAt ? String(data.expiresAt) : '' }, true);
    } catch (err) {
      const msg =
        err.status === 401
          ? admin
            ? 'That admin token is not valid.'
            : 'Wrong username or password.'
          : err.status === 429
            ? err.message || 'Too many attempts. Wait a minute and try again.'
            : err.message;
      loginError(msg);
      ui.password.focus();
      ui.password.select();
    } finally {
      setBusy(ui.loginSubmit, false);
    }
  });

  function showSignin(message) {
    document.title = 'Sign in · Satisfy agent console';
    show(ui.workspace, false);
    show(ui.sessionBar, false);
    show(ui.signin, true);
    applyLoginMode();
    loginError(message || '');
    (ui.admin.checked || ui.user.value ? ui.password : ui.user).focus();
  }

  function startSession(s, fresh) {
    session = s;
    saveSession(s);
    clearTimeout(expiryTimer);
    const left = s.expiresAt ? Date.parse(s.expiresAt) - Date.now() : NaN;
    if (Number.isFinite(left) && left < 2 ** 31 - 1) expiryTimer = setTimeout(() => endSession('Your session has expired. Please sign in again.'), Math.max(0, left));
    ui.who.textContent = s.user.name + (s.user.role === 'admin' ? ' (admin)' : '');
    show(ui.signin, false);
    show(ui.sessionBar, true);
    show(ui.workspace, true);
    document.title = 'Cases · Satisfy agent console';
    loadList();
    route();
    connect();
    if (fresh) {
      if (!selectedId) ui.fStatus.focus();
    } else {
      // A stored token may have been revoked or the server restarted with a new key: check it.
      api('GET', 'me')
        .then((d) => {
          if (d.user && session === s) {
            s.user = { name: String(d.user.name), role: String(d.user.role) };
            ui.who.textContent = s.user.name + (s.user.role === 'admin' ? ' (admin)' : '');
          }
        })
        .catch(() => {});
    }
  }

  function endSession(message) {
    session = null;
    saveSession(null);
    clearTimeout(expiryTimer);
    disconnect();
    cases = [];
    selectedId = null;
    current = null;
    clear(ui.cases);
    renderedKey = '';
    clear(ui.transcript);
    ui.replyInput.value = '';
    ui.resolveNote.value = '';
    show(ui.casePane, false);
    ui.workspace.classList.remove('has-case');
    if (location.hash) history.replaceState(null, '', location.pathname + location.search);
    showSignin(message);
  }

  ui.signout.addEventListener('click', () => endSession(''));

  // ---------------------------------------------------------------- case list
  let cases = [];
  let listSeq = 0;
  let listTimer = 0;

  function listQuery() {
    const q = new URLSearchParams();
    if (ui.fStatus.value) q.set('status', ui.fStatus.value);
    if (ui.fPriority.value) q.set('priority', ui.fPriority.value);
    const survey = ui.fSurvey.value.trim();
    if (survey) q.set('survey', survey);
    if (ui.fAge.value) q.set('maxAgeHours', ui.fAge.value);
    const s = q.toString();
    return s ? '?' + s : '';
  }

  async function loadList() {
    if (!session) return;
    const seq = ++listSeq;
    try {
      const data = await api('GET', 'cases' + listQuery());
      if (seq !== listSeq || !session) return;
      cases = Array.isArray(data.cases) ? data.cases : [];
      show(ui.listError, false);
      renderList();
    } catch (err) {
      if (seq !== listSeq || !session) return;
      ui.listError.textContent = 'Could not load the cases: ' + err.message;
      show(ui.listError, true);
    }
  }
  const scheduleList = (delay) => {
    clearTimeout(listTimer);
    listTimer = setTimeout(loadList, delay);
  };

  function slaInfo(c) {
    if (c.status === 'open') {
      const late = Date.parse(c.slaDeadline) <= Date.now();
      const when = relative(c.slaDeadline);
      const missed = c.overdue > 0 ? ` (missed ×${c.overdue})` : '';
      return { text: (late ? `SLA missed ${when}` : `Claim ${when === 'now' ? 'now' : when}`) + missed, late, title: 'Claim by ' + absolute(c.slaDeadline) };
    }
    if (c.status === 'claimed') return { text: `Claimed ${relative(c.claimedAt || c.updatedAt)}`, late: false, title: absolute(c.claimedAt || c.updatedAt) };
    return { text: `${cap(c.status)} ${relative(c.resolvedAt || c.updatedAt)}`, late: false, title: absolute(c.resolvedAt || c.updatedAt) };
  }

  function caseRow(c) {
    const sla = slaInfo(c);
    const order = orderId(c);
    const quote = c.worstQuote && str(c.worstQuote.text);
    const triggers = Array.isArray(c.triggers) ? c.triggers : [];
    const who = c.assignee ? (isMine(c) ? 'You' : str(c.assignee.name) || str(c.assignee.id)) : 'Unassigned';
    return h(
      'li',
      null,
      h(
        'button',
        {
          type: 'button',
          class: 'row',
          'data-testid': 'console-case-row',
          'data-case-id': c.id,
          'aria-current': c.id === selectedId ? 'true' : 'false',
          onclick: () => openCase(c.id),
        },
        h('span', { class: 'row-top' }, badge('p', c.priority), badge('s', c.status), h('span', { class: 'spacer' }), h('span', { class: 'sla' + (sla.late ? ' late' : ''), title: sla.title }, sla.text)),
        h('span', { class: 'row-name' }, customerLabel(c) + (order ? ` · order ${order}` : '')),
        quote ? h('span', { class: 'row-quote' }, truncate(quote, 160)) : null,
        h(
          'span',
          { class: 'row-bottom' },
          ...triggers.slice(0, 4).map((t) => h('span', { class: 'chip' }, ruleName(t))),
          triggers.length > 4 ? h('span', { class: 'chip' }, `+${triggers.length - 4}`) : null,
          h('span', { class: 'spacer' }),
          h('span', { class: 'assignee' }, who),
        ),
      ),
    );
  }

  function renderList() {
    const active = document.activeElement;
    const focusedId = active && active.classList && active.classList.contains('row') ? active.getAttribute('data-case-id') : null;
    clear(ui.cases);
    for (const c of cases) ui.cases.append(caseRow(c));
    ui.count.textContent = `(${cases.length})`;
    show(ui.empty, cases.length === 0);
    if (focusedId) {
      const again = Array.from(ui.cases.querySelectorAll('.row')).find((b) => b.getAttribute('data-case-id') === focusedId);
      if (again) again.focus({ preventScroll: true });
    }
  }

  for (const el of [ui.fStatus, ui.fPriority, ui.fAge]) el.addEventListener('change', () => loadList());
  ui.fSurvey.addEventListener('input', () => scheduleList(300));
  $('filters').addEventListener('submit', (e) => {
    e.preventDefault();
    loadList();
  });

  // ---------------------------------------------------------------- one case
  let selectedId = null;
  let current = null;
  let caseSeq = 0;
  let caseTimer = 0;
  let renderedKey = ''; // which case the transcript shows, and how many lines

  let focusTitleOnLoad = false;
  const caseHash = (id) => '#case=' + encodeURIComponent(id);
  function openCase(id) {
    focusTitleOnLoad = true;
    if (location.hash !== caseHash(id)) location.hash = caseHash(id);
    else route();
    if (current && current.id === id) focusTitle();
  }
  const focusTitle = () => {
    focusTitleOnLoad = false;
    ui.title.focus({ preventScroll: false });
  };

  function route() {
    if (!session) return;
    const m = /^#case=(.+)$/.exec(location.hash);
    const id = m ? decodeURIComponent(m[1]) : null;
    if (id === selectedId) return;
    selectedId = id;
    for (const b of ui.cases.querySelectorAll('.row')) b.setAttribute('aria-current', b.getAttribute('data-case-id') === id ? 'true' : 'false');
    show(ui.caseError, false);
    if (!id) {
      current = null;
      show(ui.casePane, false);
      ui.workspace.classList.remove('has-case');
      return;
    }
    if (!current || current.id !== id) {
      current = null;
      renderedKey = '';
      clear(ui.transcript);
      ui.replyInput.value = '';
      ui.resolveNote.value = '';
      show(ui.casePane, false);
    }
    ui.workspace.classList.add('has-case');
    loadCase();
  }
  window.addEventListener('hashchange', route);

  ui.back.addEventListener('click', backToList);
  function backToList() {
    const id = selectedId;
    location.hash = '';
    const row = id && Array.from(ui.cases.querySelectorAll('.row')).find((b) => b.getAttribute('data-case-id') === id);
    if (row) row.focus();
  }

  async function loadCase() {
    if (!session || !selectedId) return;
    const id = selectedId;
    const seq = ++caseSeq;
    try {
      const data = await api('GET', 'cases/' + encodeURIComponent(id));
      if (seq !== caseSeq || id !== selectedId || !session) return;
      if (data.case) renderCase(data.case);
    } catch (err) {
      if (seq !== caseSeq || id !== selectedId || !session) return;
      caseError(err.status === 404 ? 'This case no longer exists.' : 'Could not load the case: ' + err.message);
      if (!current) {
        show(ui.casePane, true);
        ui.title.textContent = 'Case ' + id;
        ui.status.textContent = '';
      }
    }
  }
  const scheduleCase = (delay) => {
    clearTimeout(caseTimer);
    caseTimer = setTimeout(loadCase, delay);
  };
  function caseError(text) {
    ui.caseError.textContent = text || '';
    show(ui.caseError, !!text);
  }

  /** A case the server answered with (after a claim, message, resolve): show it, and the list follows. */
  function applyCase(c) {
    if (!c || c.id !== selectedId) return;
    caseSeq++; // an older GET still in flight must not overwrite this newer state
    renderCase(c);
    const i = cases.findIndex((x) => x.id === c.id);
    if (i >= 0) {
      cases[i] = { ...cases[i], ...c };
      renderList();
    }
    scheduleList(150);
  }

  function renderCase(c) {
    current = c;
    show(ui.casePane, true);
    const order = orderId(c);
    ui.title.textContent = customerLabel(c) + (order ? ` · order ${order}` : '');
    document.title = `${customerLabel(c)} · Satisfy agent console`;

    const mine = isMine(c);
    const assignee = c.assignee ? str(c.assignee.name) || str(c.assignee.id) : '';
    ui.status.className = 'status badge s-' + c.status;
    ui.status.setAttribute('data-status', c.status);
    ui.status.textContent = c.status === 'claimed' ? `Claimed by ${mine ? 'you' : assignee}` : cap(c.status);

    clear(ui.meta);
    ui.meta.append(
      badge('p', c.priority, `${c.priority} priority`),
      ` · ${str(c.surveyId)} · ${str(c.channel) || (c.address && str(c.address.channelId)) || 'chat'} · ${str(c.locale)} · opened ${relative(c.createdAt)}`,
    );
    const sla = slaInfo(c);
    if (c.status === 'open') ui.meta.append(' · ', h('span', { class: 'sla' + (sla.late ? ' late' : ''), title: sla.title }, sla.text));

    renderTranscript(c);

    const active = c.status === 'open' || c.status === 'claimed';
    show(ui.claimBox, c.status === 'open');
    ui.claimHint.textContent = 'Claim this case to talk to the customer in their chat. The bot tells them a person is with them.';
    show(ui.replyForm, c.status === 'claimed' && mine);
    const others = c.status === 'claimed' && !mine;
    show(ui.ownerHint, others);
    ui.ownerHint.textContent = others ? `${assignee} is handling this case.${isAdmin() ? ' As an admin you can still resolve it.' : ''}` : '';
    show(ui.resolveBox, active && (c.status === 'open' || mine || isAdmin()));

    renderOutcome(c);
    renderScores(c);
    renderQuotes(c);
    renderTriggers(c);
    renderDetails(c);

    if (focusTitleOnLoad) focusTitle();
  }

  const WHO = { customer: 'Customer', bot: 'Survey bot', agent: 'Agent', system: 'System' };
  function lineEl(e, c) {
    const from = WHO[e.from] ? e.from : 'system';
    let who = WHO[from];
    if (from === 'customer') who = str(c.customer && c.customer.name) ? `${str(c.customer.name)} (customer)` : 'Customer';
    if (from === 'agent') who = (str(e.name) || 'Agent') + (session && e.name === session.user.name ? ' (you)' : ' (agent)');
    const tag = (from === 'bot' || from === 'customer') && e.name ? h('span', { class: 'chip' }, humanize(e.name)) : null;
    return h(
      'li',
      { class: 'line', 'data-testid': 'console-transcript-line', 'data-from': from },
      h('span', { class: 'who-line' }, h('span', null, who), tag, h('time', { datetime: str(e.at), title: absolute(e.at) }, clock(e.at))),
      h('span', { class: 'text' }, str(e.text)),
    );
  }
  const lineKey = (e) => (e ? `${e.at}|${e.from}|${e.id || ''}|${String(e.text).length}` : '');

  /** Appends only new lines (the log is a live region, and the agent may have scrolled up). */
  function renderTranscript(c) {
    const lines = Array.isArray(c.transcript) ? c.transcript : [];
    const box = ui.transcript;
    const stick = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
    const [prevId, prevCount, prevLast] = renderedKey.split('\u0000');
    const n = Number(prevCount);
    const extendable = prevId === c.id && n > 0 && lines.length >= n && lineKey(lines[n - 1]) === prevLast && box.querySelector('.line');
    if (!extendable) {
      clear(box);
      if (!lines.length) box.append(h('li', { class: 'transcript-empty' }, 'Nothing was said yet.'));
    }
    for (const e of lines.slice(extendable ? n : 0)) box.append(lineEl(e, c));
    renderedKey = [c.id, String(lines.length), lineKey(lines[lines.length - 1])].join('\u0000');
    if (!extendable || stick) box.scrollTop = box.scrollHeight;
  }

  function fact(dl, term, value) {
    if (value == null || value === '') return;
    dl.append(h('dt', null, term), h('dd', null, value));
  }

  function renderOutcome(c) {
    const dl = ui.outcome;
    clear(dl);
    const closed = c.status === 'resolved' || c.status === 'expired';
    show(ui.outcomeBox, closed || !!c.recovery);
    if (c.resolvedBy) fact(dl, 'Resolved by', str(c.resolvedBy.name) || str(c.resolvedBy.id));
    if (c.resolvedAt) fact(dl, 'Resolved', `${absolute(c.resolvedAt)} (${relative(c.resolvedAt)})`);
    if (closed) fact(dl, 'Note', str(c.resolutionNote) || '—');
    const r = c.recovery;
    if (r) {
      fact(dl, 'Customer says', r.resolved === true ? 'Resolved' : r.resolved === false ? 'Not resolved' : 'Did not answer');
      if (typeof r.rating === 'number') fact(dl, 'Satisfaction after', `${r.rating} / 5`);
      if (r.at) fact(dl, 'Answered', absolute(r.at));
    } else if (c.status === 'resolved') {
      fact(dl, 'Customer says', 'Waiting for the customer to answer “Was your issue resolved?”');
    }
  }

  function renderScores(c) {
    const ul = ui.scores;
    clear(ul);
    const scores = Array.isArray(c.scores) ? c.scores : [];
    if (!scores.length) ul.append(h('li', { class: 'none' }, 'No ratings yet.'));
    for (const s of scores) {
      const min = Number(s.min);
      const max = Number(s.max);
      const share = Math.max(0, Math.min(1, (Number(s.value) - min + 1) / (max - min + 1)));
      const fill = h('i', { class: share <= 0.4 ? 'lo' : share < 0.8 ? 'mid' : 'hi' });
      fill.style.width = Math.round(share * 100) + '%'; // CSSOM, allowed by the page's CSP (no style attribute)
      const bar = h('span', { class: 'bar', 'aria-hidden': 'true' }, fill);
      ul.append(h('li', { class: 'score' }, h('span', null, humanize(s.questionId)), h('span', { class: 'score-value', 'aria-label': `${s.value} of ${max}` }, `${s.value} / ${max}`), bar));
    }
  }

  const signed = (n) => (n > 0 ? '+' : n < 0 ? '−' : '') + Math.abs(n).toFixed(2);
  function renderQuotes(c) {
    const ul = ui.quotes;
    clear(ul);
    const quotes = Array.isArray(c.quotes) ? c.quotes : c.worstQuote ? [c.worstQuote] : [];
    if (!quotes.length) ul.append(h('li', { class: 'none' }, 'No written answers.'));
    for (const q of quotes) {
      const label = ['negative', 'neutral', 'positive'].includes(q.label) ? q.label : '';
      const aspects = Array.isArray(q.aspects) ? q.aspects : [];
      ul.append(
        h(
          'li',
          null,
          h('p', { class: 'quote-text' }, str(q.text)),
          h(
            'span',
            { class: 'quote-meta' },
            h('span', null, humanize(q.questionId)),
            label ? h('span', { class: 'chip sent-' + label }, typeof q.sentiment === 'number' ? `${label} ${signed(q.sentiment)}` : label) : null,
            ...aspects.map((a) => h('span', { class: 'chip ' + (a.score < -0.05 ? 'sent-negative' : a.score > 0.05 ? 'sent-positive' : 'sent-neutral') }, `${humanize(a.aspect)} ${signed(Number(a.score) || 0)}`)),
          ),
        ),
      );
    }
  }

  function renderTriggers(c) {
    const ul = ui.triggers;
    clear(ul);
    const triggers = Array.isArray(c.triggers) ? c.triggers : [];
    if (!triggers.length) ul.append(h('li', { class: 'none' }, 'No triggers recorded.'));
    for (const t of triggers) {
      ul.append(
        h(
          'li',
          { class: 'trigger' },
          badge('p', t.priority),
          h('span', null, ruleName(t)),
          t.matched ? h('span', { class: 'chip' }, `“${str(t.matched)}”`) : null,
          h('time', { class: 'muted', datetime: str(t.at), title: absolute(t.at) }, relative(t.at)),
        ),
      );
    }
  }

  function renderDetails(c) {
    const dl = ui.details;
    clear(dl);
    const extra = (obj, prefix) => {
      for (const k of Object.keys(obj || {})) {
        const v = obj[k];
        if (k === 'name' && prefix === 'Customer') continue;
        if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') fact(dl, `${prefix} ${k}`, String(v));
        else if (Array.isArray(v) && v.length) fact(dl, `${prefix} ${k}`, v.map((x) => (x && typeof x === 'object' ? str(x.name) || str(x.id) : str(x))).filter(Boolean).join(', '));
      }
    };
    fact(dl, 'Customer', str(c.customer && c.customer.name));
    extra(c.customer, 'Customer');
    extra(c.order, 'Order');
    fact(dl, 'Survey', str(c.surveyId));
    fact(dl, 'Channel', str(c.channel) || (c.address && str(c.address.channelId)));
    fact(dl, 'Language', str(c.locale));
    fact(dl, 'Opened', absolute(c.createdAt));
    if (c.status === 'open') fact(dl, 'Claim by', absolute(c.slaDeadline));
    if (c.overdue > 0) fact(dl, 'Deadlines missed', String(c.overdue));
    if (c.claimedAt) fact(dl, 'Claimed', absolute(c.claimedAt));
    fact(dl, 'Case id', str(c.id));
  }

  // ---------------------------------------------------------------- actions
  let toastTimer = 0;
  function toast(text) {
    ui.toast.textContent = text;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => (ui.toast.textContent = ''), 4000);
  }

  async function act(btn, path, body, done) {
    if (!current) return;
    const id = current.id;
    setBusy(btn, true);
    caseError('');
    try {
      const data = await api('POST', `cases/${encodeURIComponent(id)}/${path}`, body);
      if (done) done();
      applyCase(data.case);
      return true;
    } catch (err) {
      if (!session) return false;
      const known = { CASE_TAKEN: err.message, CASE_CLOSED: err.message, FORBIDDEN: err.message };
      caseError(known[err.code] || 'That did not work: ' + err.message);
      if (id === selectedId) scheduleCase(0);
      return false;
    } finally {
      setBusy(btn, false);
    }
  }

  ui.claim.addEventListener('click', async () => {
    if (await act(ui.claim, 'claim')) {
      toast('Case claimed. The customer has been told a person is with them.');
      if (!ui.replyForm.hidden) ui.replyInput.focus();
    }
  });

  async function sendReply() {
    const text = ui.replyInput.value.trim();
    if (!text || ui.replySend.disabled) return;
    const ok = await act(ui.replySend, 'messages', { text }, () => {
      if (ui.replyInput.value.trim() === text) ui.replyInput.value = '';
    });
    if (ok) ui.replyInput.focus();
  }
  ui.replyForm.addEventListener('submit', (e) => {
    e.preventDefault();
    sendReply();
  });
  ui.replyInput.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      sendReply();
    }
  });

  ui.resolveForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const note = ui.resolveNote.value.trim();
    if (!note) {
      caseError('Add a short note on what was done before resolving.');
      ui.resolveNote.focus();
      return;
    }
    if (await act(ui.resolve, 'resolve', { note }, () => (ui.resolveNote.value = ''))) {
      toast('Case resolved. The customer is asked whether their issue was resolved.');
      ui.title.focus();
    }
  });

  // ---------------------------------------------------------------- live updates
  let ws = null;
  let wsAttempts = 0;
  let wsTimer = 0;
  let isLive = false;

  function setLive(state) {
    isLive = state === 'live';
    ui.live.setAttribute('data-state', state);
    ui.live.textContent = state;
    ui.live.title = state === 'live' ? 'Updates arrive as they happen' : 'Updates are paused; reconnecting';
  }

  function connect() {
    if (!session || ws) return;
    clearTimeout(wsTimer);
    const s = session;
    let sock;
    try {
      sock = new WebSocket(WS_URL);
    } catch {
      return retry();
    }
    ws = sock;
    if (!isLive) setLive(wsAttempts ? 'reconnecting' : 'connecting');
    sock.addEventListener('open', () => sock.send(JSON.stringify({ type: 'auth', token: s.token })));
    sock.addEventListener('message', (e) => {
      if (ws !== sock) return;
      let m;
      try {
        m = JSON.parse(String(e.data));
      } catch {
        return;
      }
      if (!m || typeof m !== 'object') return;
      if (m.type === 'ready') {
        const again = wsAttempts > 0;
        wsAttempts = 0;
        setLive('live');
        // Whatever changed while the socket was down.
        if (again) {
          scheduleList(0);
          if (selectedId) scheduleCase(0);
        }
      } else if (m.type === 'case' && typeof m.caseId === 'string') {
        scheduleList(200);
        if (m.caseId === selectedId) scheduleCase(50);
      }
    });
    sock.addEventListener('close', (e) => {
      if (ws !== sock) return;
      ws = null;
      if (!session || session !== s) return;
      if (e.code === 4401) {
        // Refused: if the token is really dead, /me answers 401 and we go back to sign-in.
        api('GET', 'me').then(retry, retry);
        return;
      }
      retry();
    });
  }

  function retry() {
    if (!session) return;
    setLive('reconnecting');
    const wait = Math.min(15_000, 1000 * 2 ** Math.min(wsAttempts, 4)) * (0.75 + Math.random() * 0.5);
    wsAttempts++;
    clearTimeout(wsTimer);
    wsTimer = setTimeout(connect, wait);
  }

  function disconnect() {
    clearTimeout(wsTimer);
    const sock = ws;
    ws = null;
    wsAttempts = 0;
    if (sock) sock.close(1000);
    setLive('connecting');
  }

  const reconnectNow = () => {
    if (!session || ws) return;
    wsAttempts = Math.max(wsAttempts, 1);
    connect();
  };
  window.addEventListener('online', reconnectNow);
  document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && reconnectNow());

  // Relative times move on; while the socket is down, the list is polled instead.
  let ticks = 0;
  setInterval(() => {
    if (!session) return;
    ticks++;
    if (!isLive && ticks % 2 === 0) {
      loadList();
      if (selectedId) loadCase();
      return;
    }
    renderList();
    if (current) renderCase(current);
  }, 15_000);

  // ---------------------------------------------------------------- start
  ui.main.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && selectedId && !ui.workspace.hidden && window.matchMedia('(max-width: 959.98px)').matches && !(e.target instanceof window.HTMLTextAreaElement)) {
      backToList();
    }
  });

  const saved = loadSession();
  if (saved) startSession(saved, false);
  else showSignin('');
})();
