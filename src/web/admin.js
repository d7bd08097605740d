/* global window, document, location, history, sessionStorage, fetch, URLSearchParams, setTimeout, clearTimeout, Blob */
/*
 * Satisfy survey editor (admin page): one dependency-free ES2020 file, loaded by admin.html
 * (GET /admin) after the CodeMirror bundle (/admin/editor.js, window.SatisfyEditor). It signs in
 * through the agent console's login (/console/api/login) and talks to /admin/api (JSON, Bearer
 * session token); see src/web/README.md.
 * Security: script text, titles, comments and preview output are untrusted. Every dynamic text
 * goes in through textContent, never as HTML.
 */
(() => {
  'use strict';

  const script = document.currentScript || document.querySelector('script[src$="admin.js"]');
  const BASE = new URL('.', script ? script.src : location.href); // …/admin/
  const API = new URL('api/', BASE).href;
  const LOGIN = new URL('../console/api/login', BASE).href;
  const STORE_KEY = 'satisfy:admin';
  const SURVEY_ID = /^[A-Za-z0-9_-]{1,64}$/;
  const VALIDATE_DELAY = 400;

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
    forbidden: $('forbidden'),
    forbiddenTitle: $('forbidden-title'),
    forbiddenText: $('forbidden-text'),
    forbiddenSignout: $('forbidden-signout'),
    workspace: $('workspace'),
    count: $('survey-count'),
    newSurvey: $('new-survey'),
    newForm: $('new-form'),
    newId: $('new-id'),
    newError: $('new-error'),
    newCancel: $('new-cancel'),
    listError: $('list-error'),
    surveys: $('surveys'),
    empty: $('surveys-empty'),
    pane: $('survey-pane'),
    placeholder: $('placeholder'),
    title: $('survey-title'),
    surveyId: $('survey-id'),
    state: $('survey-state'),
    meta: $('survey-meta'),
    save: $('save'),
    discard: $('discard'),
    exportBtn: $('export'),
    dirty: $('dirty'),
    status: $('status'),
    validity: $('validity'),
    editorError: $('editor-error'),
    editor: $('editor'),
    problemCount: $('problem-count'),
    problems: $('problems'),
    publishForm: $('publish-form'),
    comment: $('publish-comment'),
    publish: $('publish'),
    publishHint: $('publish-hint'),
    locale: $('preview-locale'),
    restart: $('preview-restart'),
    previewNote: $('preview-note'),
    log: $('preview-log'),
    previewError: $('preview-error'),
    previewForm: $('preview-form'),
    previewInput: $('preview-input'),
    previewSend: $('preview-send'),
    coverage: $('coverage'),
    coverageSummary: $('coverage-summary'),
    diffForm: $('diff-form'),
    diffFrom: $('diff-from'),
    diffTo: $('diff-to'),
    diffShow: $('diff-show'),
    historyError: $('history-error'),
    diffBox: $('diff-box'),
    diffTitle: $('diff-title'),
    diff: $('diff'),
    diffClose: $('diff-close'),
    versions: $('versions'),
    audit: $('audit'),
    auditRefresh: $('audit-refresh'),
    confirm: $('confirm'),
    confirmTitle: $('confirm-title'),
    confirmText: $('confirm-text'),
    confirmOk: $('confirm-ok'),
    confirmCancel: $('confirm-cancel'),
    toast: $('toast'),
    main: $('main'),
  };

  // ---------------------------------------------------------------- formatting
  const rtf = typeof Intl !== 'undefined' && Intl.RelativeTimeFormat ? new Intl.RelativeTimeFormat('en', { numeric: 'auto' }) : null;
  /** "5 minutes ago", "yesterday", "now". */
  function relative(iso) {
    const at = Date.parse(iso);
    if (!Number.isFinite(at)) return '';
    const diff = at - Date.now();
    const abs = Math.abs(diff);
    if (abs < 45_000) return 'just now';
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
  const str = (v) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const plural = (n, one, many) => `${n} ${n === 1 ? one : many || one + 's'}`;
  /** A title may come as text or as {locale: text}. */
  const textOf = (t) => {
    if (typeof t === 'string') return t;
    if (t && typeof t === 'object') return str(t.en) || str(Object.values(t).find((v) => typeof v === 'string'));
    return '';
  };
  /** A problem's or row's path as text, e.g. "questions[0].text" (also from an array of keys). */
  const pathText = (p) => (Array.isArray(p) ? p.map((k, i) => (typeof k === 'number' ? `[${k}]` : (i ? '.' : '') + str(k))).join('') : str(p));
  const timeEl = (iso) => h('time', { datetime: str(iso), title: absolute(iso) }, relative(iso));

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

  // ---------------------------------------------------------------- API
  class ApiError extends Error {
    constructor(status, code, message, problems) {
      super(message);
      this.status = status;
      this.code = code;
      this.problems = problems;
    }
  }

  /** JSON in and out; 401 ends the session, 403 shows "admins only". Errors carry the server's code. */
  async function request(url, method, body, opts) {
    const o = opts || {};
    const headers = { accept: o.accept || 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const token = session && session.token;
    if (!o.noAuth && token) headers.authorization = 'Bearer ' + token;
    let res;
    try {
      res = await fetch(url, { method, headers, cache: 'no-store', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    } catch {
      throw new ApiError(0, 'NETWORK', 'Cannot reach the server. Check the connection and try again.');
    }
    if (o.raw && res.ok) return res;
    const data = res.status === 204 ? null : await res.json().catch(() => null);
    if (!res.ok) {
      const e = (data && data.error) || {};
      const err = new ApiError(res.status, String(e.code || 'HTTP_' + res.status), String(e.message || `The server answered ${res.status}.`), Array.isArray(e.problems) ? e.problems : null);
      // Only end the session the request was made with (a late answer must not sign out a new one).
      if (!o.noAuth && session && session.token === token) {
        if (res.status === 401) endSession('Your session has ended. Please sign in again.');
        else if (res.status === 403) showForbidden(err.message);
      }
      throw err;
    }
    return data || {};
  }
  const api = (method, path, body, opts) => request(API + path, method, body, opts);
  const enc = encodeURIComponent;

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
    ui.hint.textContent = admin ? 'Sign in with the ADMIN_TOKEN the server was started with.' : 'Sign in with an admin account.';
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
      const data = await request(LOGIN, 'POST', admin ? { token: password } : { username, password }, { noAuth: true });
      if (!data.token || !data.user) throw new ApiError(500, 'BAD_ANSWER', 'The server gave an unexpected answer. Try again.');
      ui.password.value = '';
      startSession({ token: String(data.token), user: { name: String(data.user.name), role: String(data.user.role) }, expiresAt: data.expiresAt ? String(data.expiresAt) : '' });
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
    document.title = 'Sign in · Satisfy survey editor';
    show(ui.workspace, false);
    show(ui.forbidden, false);
    show(ui.sessionBar, false);
    show(ui.signin, true);
    applyLoginMode();
    loginError(message || '');
    (ui.admin.checked || ui.user.value ? ui.password : ui.user).focus();
  }

  function showForbidden(message) {
    document.title = 'Admins only · Satisfy survey editor';
    show(ui.signin, false);
    show(ui.workspace, false);
    show(ui.forbidden, true);
    show(ui.sessionBar, !!session);
    ui.forbiddenText.textContent =
      session && session.user.role !== 'admin'
        ? `You are signed in as ${session.user.name}, an agent. Survey scripts can only be edited by admins; the agent console is where cases are handled.`
        : message || 'Survey scripts can only be edited by admins.';
    ui.forbiddenTitle.focus();
  }

  function startSession(s) {
    session = s;
    saveSession(s);
    clearTimeout(expiryTimer);
    const left = s.expiresAt ? Date.parse(s.expiresAt) - Date.now() : NaN;
    if (Number.isFinite(left) && left < 2 ** 31 - 1) expiryTimer = setTimeout(() => endSession('Your session has expired. Please sign in again.'), Math.max(0, left));
    ui.who.textContent = s.user.name + (s.user.role === 'admin' ? ' (admin)' : ' (agent)');
    show(ui.signin, false);
    show(ui.sessionBar, true);
    if (s.user.role !== 'admin') {
      showForbidden('');
      return;
    }
    show(ui.forbidden, false);
    show(ui.workspace, true);
    document.title = 'Surveys · Satisfy survey editor';
    ensureEditor();
    loadList().then(() => route());
  }

  function endSession(message) {
    session = null;
    saveSession(null);
    clearTimeout(expiryTimer);
    closeSurvey();
    surveys = [];
    clear(ui.surveys);
    if (location.hash) history.replaceState(null, '', location.pathname + location.search);
    showSignin(message);
  }

  ui.signout.addEventListener('click', async () => {
    if (await confirmLeave()) endSession('');
  });
  ui.forbiddenSignout.addEventListener('click', () => endSession(''));

  // ---------------------------------------------------------------- confirm dialog, toast, status
  let confirmResolve = null;
  /** A modal question in the page's own look; resolves true for OK. */
  function ask(title, text, okLabel) {
    if (confirmResolve) confirmResolve(false);
    ui.confirmTitle.textContent = title;
    ui.confirmText.textContent = text;
    ui.confirmOk.textContent = okLabel || 'OK';
    return new Promise((resolve) => {
      confirmResolve = resolve;
      if (typeof ui.confirm.showModal === 'function') ui.confirm.showModal();
      else ui.confirm.setAttribute('open', '');
      ui.confirmCancel.focus();
    });
  }
  function answerConfirm(ok) {
    const r = confirmResolve;
    confirmResolve = null;
    if (ui.confirm.open) ui.confirm.close();
    if (r) r(ok);
  }
  ui.confirmOk.addEventListener('click', () => answerConfirm(true));
  ui.confirmCancel.addEventListener('click', () => answerConfirm(false));
  ui.confirm.addEventListener('close', () => answerConfirm(false)); // Escape

  let toastTimer = 0;
  function toast(text) {
    ui.toast.textContent = text;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => (ui.toast.textContent = ''), 4000);
  }

  /** The status line: "Saved", "Published version 4", or what went wrong. */
  function setStatus(text, kind) {
    ui.status.textContent = text || '';
    ui.status.setAttribute('data-kind', kind || 'info');
  }

  // ---------------------------------------------------------------- editor
  let editor = null;
  let ignoreChange = false;

  /** A plain text box with the editor's interface, if the CodeMirror bundle did not load. */
  function plainEditor(parent, onChange) {
    const ta = h('textarea', { class: 'plain-editor', spellcheck: 'false', autocapitalize: 'off', 'aria-label': 'Survey script (YAML)' });
    parent.append(ta);
    ta.addEventListener('input', () => onChange(ta.value));
    return {
      getValue: () => ta.value,
      setValue: (t) => {
        ta.value = t;
      },
      setProblems: () => {},
      goToLine(n) {
        const lines = ta.value.split('\n');
        let pos = 0;
        for (let i = 0; i < Math.min(lines.length, Math.max(1, n) - 1); i++) pos += lines[i].length + 1;
        ta.focus();
        ta.setSelectionRange(pos, pos);
      },
      focus: () => ta.focus(),
    };
  }

  function ensureEditor() {
    if (editor) return;
    const onChange = () => {
      if (!ignoreChange) edited();
    };
    if (window.SatisfyEditor && typeof window.SatisfyEditor.create === 'function') {
      editor = window.SatisfyEditor.create(ui.editor, { doc: '', onChange, label: 'Survey script (YAML)' });
    } else {
      ui.editorError.textContent = 'The code editor could not be loaded (is it built? npm run build:web). A plain text box is used instead; problems are listed below it.';
      show(ui.editorError, true);
      editor = plainEditor(ui.editor, onChange);
    }
  }

  function setEditorText(text) {
    ignoreChange = true;
    try {
      editor.setValue(text);
    } finally {
      ignoreChange = false;
    }
  }

  // ---------------------------------------------------------------- survey list
  let surveys = [];
  let listSeq = 0;

  async function loadList() {
    if (!session) return;
    const seq = ++listSeq;
    try {
      const data = await api('GET', 'surveys');
      if (seq !== listSeq || !session) return;
      surveys = Array.isArray(data.surveys) ? data.surveys : [];
      show(ui.listError, false);
      if (current) {
        const s = surveys.find((x) => x.id === current.id);
        if (s) {
          Object.assign(current, s, { isNew: false }); // in place: actions under way hold this object
          renderHead();
        }
      }
      renderList();
    } catch (err) {
      if (seq !== listSeq || !session || err.status === 401 || err.status === 403) return;
      ui.listError.textContent = 'Could not load the surveys: ' + err.message;
      show(ui.listError, true);
    }
  }

  function renderList() {
    clear(ui.surveys);
    const all = surveys.slice();
    if (current && current.isNew && !all.some((s) => s.id === current.id)) all.unshift(current);
    ui.count.textContent = all.length ? `(${all.length})` : '';
    show(ui.empty, !all.length);
    for (const s of all) {
      const pub = num(s.publishedVersion);
      const latest = num(s.latestVersion);
      const isCurrent = !!current && current.id === s.id;
      const draftMarker = s.draft || (isCurrent && s.isNew) ? h('span', { class: 'badge b-draft', title: s.draft ? `Draft by ${str(s.draft.author)}, ${relative(s.draft.updatedAt)}` : 'Not saved yet' }, 'draft') : null;
      ui.surveys.append(
        h(
          'li',
          null,
          h(
            'button',
            {
              type: 'button',
              class: 'row',
              'data-testid': 'admin-survey-row',
              'data-survey-id': s.id,
              'aria-current': isCurrent ? 'true' : 'false',
              onclick: () => openSurvey(s.id),
            },
            h('span', { class: 'row-name' }, textOf(s.title) || s.id),
            h(
              'span',
              { class: 'row-bottom' },
              h('span', { class: 'chip' }, s.id),
              pub != null ? h('span', { class: 'badge b-published' }, `v${pub} published`) : h('span', { class: 'badge b-none' }, 'not published'),
              latest != null && latest !== pub ? h('span', { class: 'muted' }, `latest v${latest}`) : null,
              draftMarker,
            ),
          ),
        ),
      );
    }
  }

  // ---------------------------------------------------------------- the open survey
  /** {id, title, publishedVersion, latestVersion, draft: {author, updatedAt, baseVersion}|null, isNew} */
  let current = null;
  let savedText = ''; // what the server has for the text in the editor (draft or version)
  let openSeq = 0;
  let versions = [];

  const isDirty = () => !!current && !!editor && editor.getValue() !== savedText;

  async function confirmLeave() {
    if (!isDirty()) return true;
    return ask('Leave without saving?', `Your changes to ${current.id} are not saved. Save them as a draft first to keep them.`, 'Leave without saving');
  }

  async function openSurvey(id, opts) {
    const o = opts || {};
    if (current && current.id === id && !o.force) {
      ui.title.focus();
      return;
    }
    if (!o.skipGuard && !(await confirmLeave())) {
      if (current) setHash(current.id);
      return;
    }
    setHash(id);
    const seq = ++openSeq;
    const meta = surveys.find((s) => s.id === id) || { id, title: id, publishedVersion: null, latestVersion: null, draft: null };
    current = { ...meta, isNew: false };
    resetSurveyView();
    renderHead();
    renderList();
    setStatus('Loading…');
    try {
      const { text, from } = await loadSource(id, meta);
      if (seq !== openSeq) return;
      savedText = text;
      setEditorText(text);
      setStatus(from, 'info');
      renderDirty();
      validateNow();
    } catch (err) {
      if (seq !== openSeq || !session) return;
      setStatus('Could not load the script: ' + err.message, 'error');
    }
    loadVersions();
    loadAudit();
  }

  /** The saved draft if there is one, else the published (or latest) version. */
  async function loadSource(id, meta) {
    // The list says whether there is a draft; a survey it does not know may have one still.
    const known = surveys.some((s) => s.id === id);
    if (!known || meta.draft) {
      try {
        const d = await api('GET', `surveys/${enc(id)}/draft`);
        if (d.draft && typeof d.draft.source === 'string') {
          current.draft = { author: d.draft.author, updatedAt: d.draft.updatedAt, baseVersion: d.draft.baseVersion };
          renderHead();
          return { text: d.draft.source, from: `Draft by ${str(d.draft.author) || 'someone'}, saved ${relative(d.draft.updatedAt)}` };
        }
      } catch (err) {
        if (err.status !== 404) throw err;
        current.draft = null;
      }
    }
    const n = num(meta.publishedVersion) != null ? meta.publishedVersion : meta.latestVersion;
    if (n == null) return { text: '', from: 'This survey has no versions yet.' };
    const v = await api('GET', `surveys/${enc(id)}/versions/${enc(n)}`);
    const src = v.version && typeof v.version.source === 'string' ? v.version.source : '';
    return { text: src, from: `Version ${n}${n === meta.publishedVersion ? ' (published)' : ''}` };
  }

  function closeSurvey() {
    openSeq++;
    current = null;
    savedText = '';
    versions = [];
    resetSurveyView();
    if (editor) setEditorText('');
    show(ui.pane, false);
    show(ui.placeholder, true);
  }

  function resetSurveyView() {
    clearTimeout(valTimer);
    valSeq++;
    validation = null;
    previewReset();
    previewStarted = false;
    clear(ui.problems);
    ui.problemCount.textContent = '';
    ui.validity.textContent = '';
    clear(ui.coverage);
    ui.coverageSummary.textContent = '';
    clear(ui.versions);
    clear(ui.audit);
    clear(ui.locale);
    closeDiff();
    show(ui.historyError, false);
    ui.comment.value = '';
    setStatus('');
    renderPublishState();
    show(ui.pane, !!current);
    show(ui.placeholder, !current);
  }

  function renderHead() {
    if (!current) return;
    const c = current;
    const title = textOf(c.title) || c.id;
    ui.title.textContent = title;
    ui.surveyId.textContent = c.id;
    document.title = `${title} · Satisfy survey editor`;
    const pub = num(c.publishedVersion);
    const latest = num(c.latestVersion);
    ui.state.className = 'badge ' + (c.draft || c.isNew ? 'b-draft' : pub != null ? 'b-published' : 'b-none');
    ui.state.textContent = c.isNew ? 'New, not saved' : c.draft ? 'Draft' : pub != null ? `Published v${pub}` : 'Not published';
    clear(ui.meta);
    const parts = [];
    parts.push(pub != null ? `Published: version ${pub}` : 'Not published yet');
    if (latest != null && latest !== pub) parts.push(`latest: version ${latest}`);
    ui.meta.append(parts.join(' · '));
    if (c.draft) {
      ui.meta.append(` · Draft by ${str(c.draft.author) || 'someone'}, saved `, timeEl(c.draft.updatedAt));
      const base = num(c.draft.baseVersion);
      if (base != null && pub != null && base < pub) ui.meta.append(h('span', { class: 'warn' }, ` · started from version ${base}; version ${pub} was published since`));
    }
    ui.discard.textContent = c.draft ? 'Discard draft' : 'Discard changes';
    renderDirty();
  }

  function renderDirty() {
    const dirty = isDirty();
    show(ui.dirty, dirty);
    ui.discard.disabled = !current || (!dirty && !(current && current.draft));
    ui.save.disabled = !current;
    ui.exportBtn.disabled = !current || current.isNew || num(current.latestVersion) == null;
  }

  function setHash(id) {
    const want = id ? '#survey=' + enc(id) : '';
    if (location.hash !== want) history.replaceState(null, '', location.pathname + location.search + want);
  }
  function hashSurvey() {
    const m = /^#survey=(.+)$/.exec(location.hash);
    if (!m) return '';
    try {
      return decodeURIComponent(m[1]);
    } catch {
      return '';
    }
  }
  function route() {
    if (!session) return;
    const id = hashSurvey();
    if (id && (!current || current.id !== id)) openSurvey(id);
  }
  window.addEventListener('hashchange', route);

  window.addEventListener('beforeunload', (e) => {
    if (isDirty()) {
      e.preventDefault();
      e.returnValue = '';
    }
  });

  // ---------------------------------------------------------------- new survey
  const titleFromId = (id) => {
    const words = id.replace(/[_-]+/g, ' ').trim();
    return words ? words.charAt(0).toUpperCase() + words.slice(1) : id;
  };
  /** A small script that validates, to start from. */
  const template = (id) =>
    [
      `id: ${id}`,
      'title:',
      `  en: ${titleFromId(id)}`,
      'defaultLocale: en',
      'locales: [en]',
      '',
      'intro:',
      '  en: "Hi {{customer.name|there}}! Two quick questions about your experience."',
      '',
      'questions:',
      '  - id: csat',
      '    type: rating',
      '    scale: csat',
      '    display: stars',
      '    text:',
      '      en: Overall, how satisfied are you?',
      '',
      '  - id: comment',
      '    type: text',
      '    required: false',
      '    text:',
      '      en: Is there anything you would like to tell us?',
      '',
      'endings:',
      '  - id: thanks',
      '    text:',
      '      en: Thank you for your feedback!',
      '',
      'escalation:',
      '  - id: low_csat',
      '    when: csat <= 2',
      '    priority: high',
      '',
    ].join('\n');

  function toggleNewForm(open) {
    show(ui.newForm, open);
    ui.newSurvey.setAttribute('aria-expanded', open ? 'true' : 'false');
    ui.newError.textContent = '';
    show(ui.newError, false);
    if (open) ui.newId.focus();
    else ui.newSurvey.focus();
  }
  ui.newSurvey.addEventListener('click', () => toggleNewForm(ui.newForm.hidden));
  ui.newCancel.addEventListener('click', () => toggleNewForm(false));
  ui.newForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const id = ui.newId.value.trim();
    const fail = (t) => {
      ui.newError.textContent = t;
      show(ui.newError, true);
      ui.newId.focus();
    };
    if (!SURVEY_ID.test(id)) return fail('Use 1 to 64 letters, digits, _ or -.');
    if (surveys.some((s) => s.id === id)) return fail(`There is already a survey “${id}”.`);
    if (!(await confirmLeave())) return;
    ui.newId.value = '';
    toggleNewForm(false);
    openSeq++;
    current = { id, title: titleFromId(id), publishedVersion: null, latestVersion: null, draft: null, isNew: true };
    setHash(id);
    resetSurveyView();
    savedText = '';
    setEditorText(template(id));
    renderHead();
    renderList();
    setStatus('New survey from a template: edit it, then save it as a draft or publish it.', 'info');
    validateNow();
    editor.focus();
  });

  // ---------------------------------------------------------------- validation
  let validation = null; // {ok, surveyId, problems, coverage, text}
  let valTimer = 0;
  let valSeq = 0;

  function edited() {
    renderDirty();
    clearTimeout(valTimer);
    valSeq++; // an answer for older text must not paint problems on moved lines
    ui.validity.textContent = 'Checking…';
    valTimer = setTimeout(validateNow, VALIDATE_DELAY);
    if (previewStarted) ui.previewNote.textContent = 'The script changed: Restart to run the new text from the beginning.';
  }

  async function validateNow() {
    if (!current || !editor) return;
    clearTimeout(valTimer);
    const text = editor.getValue();
    const seq = ++valSeq;
    ui.validity.textContent = 'Checking…';
    try {
      const v = await api('POST', 'validate', { source: text });
      if (seq !== valSeq || !current) return;
      applyValidation(v, text);
    } catch (err) {
      if (seq !== valSeq || !current || err.status === 401 || err.status === 403) return;
      if (Array.isArray(err.problems)) {
        applyValidation({ ok: false, problems: err.problems, coverage: null }, text);
        return;
      }
      ui.validity.textContent = 'Could not check the script: ' + err.message;
    }
  }

  function applyValidation(v, text) {
    const problems = Array.isArray(v.problems) ? v.problems.slice() : [];
    if (typeof v.surveyId === 'string' && current && v.surveyId !== current.id) {
      problems.unshift({ code: 'ID_MISMATCH', path: 'id', line: lineOfId(text), message: `The script's id is “${v.surveyId}”, but this is the survey “${current.id}”. Change the id back, or create a new survey.` });
    }
    validation = { ok: !!v.ok && problems.length === 0, surveyId: v.surveyId, problems, coverage: v.coverage || (validation && validation.coverage) || null, text };
    renderProblems();
    if (v.coverage) renderCoverage(v.coverage);
    renderPublishState();
    if (validation.ok && !previewStarted && !previewBusy) previewRestart();
  }

  const lineOfId = (text) => {
    const i = text.split('\n').findIndex((l) => /^id\s*:/.test(l));
    return i >= 0 ? i + 1 : undefined;
  };

  function renderProblems() {
    const list = validation ? validation.problems : [];
    clear(ui.problems);
    ui.problemCount.textContent = list.length ? `(${list.length})` : '';
    ui.validity.textContent = !validation ? '' : list.length ? plural(list.length, 'problem') : 'No problems';
    ui.validity.className = 'small ' + (!validation ? 'muted' : list.length ? 'bad' : 'good');
    if (editor) editor.setProblems(list.map((p) => ({ line: p.line, message: str(p.message) + (pathText(p.path) ? ` (${pathText(p.path)})` : ''), severity: p.severity || 'error' })));
    if (!list.length) {
      ui.problems.append(h('li', { class: 'none' }, validation ? 'The script is valid.' : ''));
      return;
    }
    for (const p of list) {
      const line = num(p.line);
      const where = h('span', { class: 'where' }, line != null ? `Line ${line}` : '—');
      const body = [where, h('code', { class: 'path' }, pathText(p.path) || '(script)'), h('span', { class: 'msg' }, str(p.message))];
      if (p.locale) body.push(h('span', { class: 'chip' }, str(p.locale)));
      ui.problems.append(
        h(
          'li',
          { class: 'problem', 'data-testid': 'admin-problem', 'data-code': str(p.code), 'data-line': line != null ? line : null },
          line != null ? h('button', { type: 'button', class: 'problem-go', title: `Go to line ${line}`, onclick: () => editor.goToLine && editor.goToLine(line) }, ...body) : h('span', { class: 'problem-go' }, ...body),
        ),
      );
    }
  }

  function renderCoverage(cov) {
    const locales = Array.isArray(cov.locales) ? cov.locales.map(str).filter(Boolean) : [];
    const rows = Array.isArray(cov.rows) ? cov.rows : [];
    clear(ui.coverage);
    const head = h('tr', null, h('th', { scope: 'col' }, 'Text'), ...locales.map((l) => h('th', { scope: 'col' }, l)));
    const body = h('tbody');
    const missingBy = Object.fromEntries(locales.map((l) => [l, 0]));
    for (const r of rows) {
      const missing = Array.isArray(r.missing) ? r.missing : [];
      for (const l of missing) if (l in missingBy) missingBy[l]++;
      body.append(
        h(
          'tr',
          { class: missing.length ? 'has-missing' : null, 'data-path': pathText(r.path) },
          h('th', { scope: 'row' }, h('span', { class: 'cov-label' }, str(r.label) || pathText(r.path)), h('code', { class: 'path' }, pathText(r.path))),
          ...locales.map((l) => {
            const miss = missing.includes(l);
            return h('td', { class: miss ? 'cov-missing' : 'cov-ok', 'data-locale': l, 'data-missing': miss ? 'true' : 'false' }, h('span', { 'aria-hidden': 'true' }, miss ? '✕' : '✓'), h('span', { class: 'visually-hidden' }, miss ? 'missing' : 'present'));
          }),
        ),
      );
    }
    ui.coverage.append(h('caption', { class: 'visually-hidden' }, 'Texts by language'), h('thead', null, head), body);
    const gaps = locales.filter((l) => missingBy[l] > 0);
    ui.coverageSummary.textContent = !rows.length
      ? 'No texts found yet.'
      : gaps.length
        ? `Missing: ${gaps.map((l) => `${plural(missingBy[l], 'text')} in ${l}`).join(', ')}.`
        : `All ${plural(rows.length, 'text')} are written in ${locales.join(', ')}.`;
    // The preview offers the script's languages.
    const keep = ui.locale.value;
    const have = [...ui.locale.options].map((o) => o.value).join(',');
    if (have !== locales.join(',')) {
      clear(ui.locale);
      for (const l of locales) ui.locale.append(h('option', { value: l }, l));
      if (locales.includes(keep)) ui.locale.value = keep;
    }
  }

  function renderPublishState() {
    const problems = validation ? validation.problems.length : 0;
    const ok = !!validation && validation.ok;
    ui.publish.disabled = !current || !ok || publishing;
    ui.publishHint.textContent = !current
      ? ''
      : !validation
        ? 'Checking the script…'
        : !ok
          ? `Fix ${problems === 1 ? 'the problem' : `the ${problems} problems`} above to publish.`
          : 'New conversations use the published version at once; conversations under way keep the version they started with.';
  }

  // ---------------------------------------------------------------- save, discard, publish
  let publishing = false;

  async function saveDraft() {
    if (!current || ui.save.disabled) return;
    const c = current;
    const text = editor.getValue();
    setBusy(ui.save, true);
    setStatus('Saving…');
    try {
      const data = await api('PUT', `surveys/${enc(c.id)}/draft`, { source: text });
      if (current !== c) return;
      savedText = text;
      if (data.draft) c.draft = { author: data.draft.author, updatedAt: data.draft.updatedAt, baseVersion: data.draft.baseVersion };
      c.isNew = false;
      const v = data.validation;
      const n = v && Array.isArray(v.problems) ? v.problems.length : 0;
      setStatus(n ? `Saved (with ${plural(n, 'problem')} to fix before publishing)` : 'Saved', 'ok');
      if (v && editor.getValue() === text) {
        valSeq++;
        applyValidation(v, text);
      }
      renderHead();
      loadList();
      loadAudit();
    } catch (err) {
      if (!session || err.status === 401 || err.status === 403) return;
      setStatus('Not saved: ' + err.message, 'error');
    } finally {
      setBusy(ui.save, false);
      renderDirty();
    }
  }
  ui.save.addEventListener('click', saveDraft);
  document.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's' && current && !ui.workspace.hidden) {
      e.preventDefault();
      saveDraft();
    }
  });

  ui.discard.addEventListener('click', async () => {
    if (!current) return;
    const c = current;
    const hasDraft = !!c.draft;
    const ok = await ask(
      hasDraft ? 'Discard the draft?' : 'Discard your changes?',
      hasDraft ? `The saved draft of ${c.id} is deleted for everyone, and the editor goes back to the published version.` : 'The editor goes back to the last saved text.',
      hasDraft ? 'Discard draft' : 'Discard changes',
    );
    if (!ok || current !== c) return;
    if (c.isNew && !hasDraft) {
      setHash('');
      closeSurvey();
      renderList();
      return;
    }
    setBusy(ui.discard, true);
    try {
      if (hasDraft) {
        await api('DELETE', `surveys/${enc(c.id)}/draft`);
        c.draft = null;
        setStatus('Draft discarded', 'ok');
        await loadList();
        if (current !== c) return;
        if (num(c.latestVersion) == null) {
          setHash('');
          closeSurvey();
          renderList();
          return;
        }
        const { text } = await loadSource(c.id, c);
        if (current !== c) return;
        savedText = text;
      } else {
        setStatus('Changes discarded', 'ok');
      }
      setEditorText(savedText);
      renderHead();
      previewStarted = false;
      validateNow();
      loadAudit();
    } catch (err) {
      if (!session || err.status === 401 || err.status === 403) return;
      setStatus('Could not discard: ' + err.message, 'error');
    } finally {
      setBusy(ui.discard, false);
      renderDirty();
    }
  });

  ui.publishForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!current || ui.publish.disabled) return;
    const c = current;
    const comment = ui.comment.value.trim();
    if (!comment) {
      setStatus('Add a comment on what changed, then publish.', 'error');
      ui.comment.focus();
      return;
    }
    const text = editor.getValue();
    publishing = true;
    renderPublishState();
    ui.publish.setAttribute('aria-busy', 'true');
    setStatus('Publishing…');
    try {
      const data = await api('POST', `surveys/${enc(c.id)}/publish`, { comment, source: text });
      if (current !== c) return;
      const n = data.version && data.version.version;
      setStatus(`Published version ${n}`, 'ok');
      toast(`Version ${n} of ${c.id} is live for new conversations.`);
      ui.comment.value = '';
      savedText = text;
      c.isNew = false;
      c.publishedVersion = n;
      c.latestVersion = n;
      await refreshDraftMeta(c);
      renderHead();
      loadList();
      loadVersions();
      loadAudit();
    } catch (err) {
      if (!session || err.status === 401 || err.status === 403) return;
      if (Array.isArray(err.problems) && editor.getValue() === text) {
        valSeq++;
        applyValidation({ ok: false, problems: err.problems, coverage: null }, text);
      }
      setStatus('Not published: ' + err.message, 'error');
    } finally {
      publishing = false;
      ui.publish.removeAttribute('aria-busy');
      renderPublishState();
      renderDirty();
    }
  });

  /** Whether a draft is still saved (the server may drop it once it is published), from the list. */
  async function refreshDraftMeta(c) {
    await loadList();
    const s = surveys.find((x) => x.id === c.id);
    if (s) c.draft = s.draft || null;
  }

  ui.exportBtn.addEventListener('click', async () => {
    if (!current) return;
    const id = current.id;
    setBusy(ui.exportBtn, true);
    try {
      const res = await api('GET', `surveys/${enc(id)}/export`, undefined, { raw: true });
      const blob = await res.blob();
      const url = URL.createObjectURL(new Blob([blob], { type: 'application/json' }));
      const a = h('a', { href: url, download: `${id}-versions.json`, class: 'visually-hidden' });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      if (!session || err.status === 401 || err.status === 403) return;
      setStatus('Could not export: ' + err.message, 'error');
    } finally {
      setBusy(ui.exportBtn, false);
    }
  });

  // ---------------------------------------------------------------- preview
  let previewSession = null;
  let previewSeq = 0;
  let previewBusy = false;
  let previewStarted = false;
  let picked = new Set(); // a multiple choice's ticked options

  function previewReset() {
    previewSeq++;
    previewSession = null;
    previewBusy = false;
    picked = new Set();
    clear(ui.log);
    show(ui.previewError, false);
    ui.previewNote.textContent = 'Runs the text in the editor through the real engine. Nothing is saved or sent to anyone.';
    setPreviewBusy(false);
  }

  function setPreviewBusy(busy) {
    previewBusy = busy;
    ui.previewSend.disabled = busy || !previewSession;
    ui.log.setAttribute('aria-busy', busy ? 'true' : 'false');
  }

  function previewRestart() {
    if (!current || !editor) return;
    previewReset();
    previewStarted = true;
    previewSend({ type: 'start' }, null);
  }

  async function previewSend(input, userText) {
    if (!current) return;
    const seq = previewSeq;
    const locale = ui.locale.value;
    show(ui.previewError, false);
    if (userText != null) {
      removeControls();
      ui.log.append(h('li', { class: 'msg user' }, h('span', { class: 'bubble' }, userText)));
      scrollLog();
    }
    setPreviewBusy(true);
    try {
      const body = { source: editor.getValue(), input, ...(locale ? { locale } : {}), ...(previewSession ? { session: previewSession } : {}) };
      const data = await api('POST', 'preview', body);
      if (seq !== previewSeq) return;
      previewSession = data.session || null;
      if (input.type === 'start') ui.previewNote.textContent = `Running the editor's text in ${locale || 'the default language'}. Nothing is saved or sent to anyone.`;
      renderOutputs(Array.isArray(data.outputs) ? data.outputs : []);
      renderEvents(Array.isArray(data.events) ? data.events : []);
    } catch (err) {
      if (seq !== previewSeq || !session || err.status === 401 || err.status === 403) return;
      ui.previewError.textContent =
        err.code === 'SCRIPT_INVALID' || Array.isArray(err.problems) ? 'The script has problems (listed under the editor). Fix them, then Restart the preview.' : 'The preview did not answer: ' + err.message;
      show(ui.previewError, true);
      if (input.type === 'start') previewStarted = false;
    } finally {
      if (seq === previewSeq) setPreviewBusy(false);
    }
  }

  function scrollLog() {
    ui.log.scrollTop = ui.log.scrollHeight;
  }
  function removeControls() {
    for (const el of ui.log.querySelectorAll('.controls')) el.remove();
    picked = new Set();
  }

  const FACES = ['😡', '😞', '😐', '🙂', '😍'];
  const answerButton = (label, onclick, extra) => h('button', { type: 'button', class: 'opt', 'data-testid': 'admin-preview-button', onclick, ...(extra || {}) }, label);

  function controlsFor(o) {
    const p = o.prompt || {};
    const box = h('div', { class: 'controls', role: 'group', 'aria-label': 'Answers' });
    const answer = (value, shown) => previewSend({ type: 'answer', questionId: o.questionId, value }, shown);
    if (p.kind === 'rating') {
      const min = Number(p.min);
      const max = Number(p.max);
      const five = min === 1 && max === 5;
      const row = h('div', { class: 'opts' });
      for (let n = min; n <= max && n - min <= 20; n++) {
        const label = five && p.display === 'stars' ? '★'.repeat(n) : five && p.display === 'faces' ? `${FACES[n - 1]} ${n}` : String(n);
        row.append(answerButton(label, () => answer(n, label), { 'data-value': n, 'aria-label': `${n} of ${max}` }));
      }
      box.append(row);
      if (p.minLabel || p.maxLabel) box.append(h('p', { class: 'scale-labels' }, h('span', null, `${min} = ${str(p.minLabel)}`), h('span', null, `${max} = ${str(p.maxLabel)}`)));
    } else if (p.kind === 'choice' || p.kind === 'yesno') {
      const options = Array.isArray(p.options) ? p.options : [];
      const row = h('div', { class: 'opts' });
      if (p.kind === 'choice' && p.multiple) {
        const send = answerButton(str(p.submitLabel) || 'Send', () => {
          const values = options.filter((x) => picked.has(x.value));
          if (values.length) answer(values.map((x) => x.value), values.map((x) => x.label).join(', '));
        });
        send.classList.add('opt-send');
        send.disabled = true;
        for (const opt of options) {
          const b = answerButton(str(opt.label), () => {
            if (picked.has(opt.value)) picked.delete(opt.value);
            else picked.add(opt.value);
            b.setAttribute('aria-pressed', picked.has(opt.value) ? 'true' : 'false');
            send.disabled = picked.size === 0;
          }, { 'data-value': str(opt.value), 'aria-pressed': 'false' });
          row.append(b);
        }
        box.append(row, send);
      } else {
        for (const opt of options) row.append(answerButton(str(opt.label), () => answer(opt.value, str(opt.label)), { 'data-value': str(opt.value) }));
        box.append(row);
      }
    }
    if (o.skipLabel) {
      const skip = answerButton(str(o.skipLabel), () => previewSend({ type: 'skip', questionId: o.questionId }, str(o.skipLabel)));
      skip.classList.add('opt-skip');
      box.append(skip);
    }
    return box.childNodes.length ? box : null;
  }

  function renderOutputs(outputs) {
    if (outputs.some((o) => o && o.type === 'question')) removeControls();
    for (const o of outputs) {
      if (!o || typeof o !== 'object') continue;
      if (o.type === 'question') {
        const li = h('li', { class: 'msg bot', 'data-question-id': str(o.questionId) }, h('span', { class: 'bubble', 'data-testid': 'admin-preview-bot' }, str(o.text)));
        if (o.legend) li.append(h('span', { class: 'legend' }, str(o.legend)));
        const controls = controlsFor(o);
        if (controls) li.append(controls);
        li.append(h('span', { class: 'qid' }, `${str(o.questionId)}${o.reask ? ' · asked again' : ''}`));
        ui.log.append(li);
      } else {
        ui.log.append(h('li', { class: 'msg bot' }, h('span', { class: 'bubble', 'data-testid': 'admin-preview-bot' }, str(o.text))));
      }
    }
    scrollLog();
  }

  const fmtValue = (v) => (Array.isArray(v) ? v.join(', ') : v === true ? 'yes' : v === false ? 'no' : str(v));
  function renderEvents(events) {
    for (const e of events) {
      if (!e || typeof e !== 'object') continue;
      let text;
      if (e.type === 'answer.recorded') {
        text = `${str(e.questionId)} = ${fmtValue(e.value)}`;
        if (typeof e.sentiment === 'number') text += ` · sentiment ${e.sentiment.toFixed(2)}${e.sentimentLabel ? ` (${e.sentimentLabel})` : ''}`;
      } else if (e.type === 'answer.skipped') text = `${str(e.questionId)} skipped${e.reason === 'not_understood' ? ' (not understood)' : ''}`;
      else if (e.type === 'answer.mismatch') text = `Mixed signals: ${str(e.questionId)} vs ${str(e.ratingQuestionId)}`;
      else if (e.type === 'escalation.requested') text = `Escalation: ${e.reason === 'customer' ? 'asked for a person' : `rule ${str(e.ruleId)}`}, ${str(e.priority)} priority${e.matched ? ` (“${str(e.matched)}”)` : ''}`;
      else if (e.type === 'survey.completed') text = `Survey complete · ending ${str(e.endingId)}`;
      else if (e.type === 'survey.opted_out') text = 'The customer stopped the survey';
      else continue;
      ui.log.append(h('li', { class: 'msg event', 'data-event': str(e.type) }, text));
    }
    scrollLog();
  }

  ui.restart.addEventListener('click', previewRestart);
  ui.locale.addEventListener('change', previewRestart);
  ui.previewForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = ui.previewInput.value.trim();
    if (!text || previewBusy) return;
    if (!previewSession) {
      previewRestart();
      return;
    }
    ui.previewInput.value = '';
    previewSend({ type: 'text', text }, text);
  });

  // ---------------------------------------------------------------- versions and diff
  let versionsSeq = 0;
  async function loadVersions() {
    if (!current) return;
    const c = current;
    const seq = ++versionsSeq;
    if (c.isNew || (num(c.latestVersion) == null && !c.draft)) {
      versions = [];
      renderVersions();
      return;
    }
    try {
      const data = await api('GET', `surveys/${enc(c.id)}/versions`);
      if (seq !== versionsSeq || current !== c) return;
      versions = Array.isArray(data.versions) ? data.versions : [];
      show(ui.historyError, false);
      renderVersions();
    } catch (err) {
      if (seq !== versionsSeq || current !== c || err.status === 401 || err.status === 403) return;
      if (err.status === 404) {
        versions = [];
        renderVersions();
        return;
      }
      historyError('Could not load the versions: ' + err.message);
    }
  }
  function historyError(text) {
    ui.historyError.textContent = text || '';
    show(ui.historyError, !!text);
  }

  const versionLabel = (v) => (v === 'draft' ? 'the saved draft' : `version ${v}`);

  function renderVersions() {
    clear(ui.versions);
    const pub = current ? num(current.publishedVersion) : null;
    // The two pickers: any version, or the saved draft.
    const keepFrom = ui.diffFrom.value;
    const keepTo = ui.diffTo.value;
    clear(ui.diffFrom);
    clear(ui.diffTo);
    for (const v of versions) {
      const label = `Version ${v.version}${v.published ? ' (published)' : ''}`;
      ui.diffFrom.append(h('option', { value: v.version }, label));
      ui.diffTo.append(h('option', { value: v.version }, label));
    }
    if (current && current.draft) ui.diffTo.prepend(h('option', { value: 'draft' }, 'Saved draft'));
    const values = (sel) => [...sel.options].map((o) => o.value);
    const older = versions[1] ? String(versions[1].version) : versions[0] ? String(versions[0].version) : '';
    ui.diffFrom.value = values(ui.diffFrom).includes(keepFrom) ? keepFrom : pub != null && current.draft ? String(pub) : older;
    ui.diffTo.value = values(ui.diffTo).includes(keepTo) ? keepTo : current && current.draft ? 'draft' : versions[0] ? String(versions[0].version) : '';
    ui.diffShow.disabled = !versions.length;

    if (!versions.length) {
      ui.versions.append(h('li', { class: 'none' }, current && current.isNew ? 'Nothing published yet.' : 'No versions yet.'));
      return;
    }
    for (const v of versions) {
      const n = v.version;
      const isPub = !!v.published || n === pub;
      const vsDefault = current.draft ? 'draft' : pub != null && n !== pub ? pub : versions.find((x) => x.version < n) ? versions.find((x) => x.version < n).version : null;
      const actions = h('div', { class: 'row-actions' });
      if (vsDefault != null) {
        const [from, to] = vsDefault === 'draft' || vsDefault > n ? [n, vsDefault] : [vsDefault, n];
        actions.append(h('button', { type: 'button', class: 'btn btn-quiet', 'data-testid': 'admin-version-diff', onclick: () => showDiff(from, to) }, vsDefault === 'draft' ? 'Diff with draft' : `Diff with v${vsDefault}`));
      }
      actions.append(h('button', { type: 'button', class: 'btn btn-quiet', onclick: () => openVersion(n) }, 'Open in editor'));
      if (!isPub) actions.append(h('button', { type: 'button', class: 'btn', 'data-testid': 'admin-rollback', onclick: (e) => rollback(n, e.currentTarget) }, 'Roll back to this'));
      ui.versions.append(
        h(
          'li',
          { class: 'version' + (isPub ? ' is-published' : ''), 'data-testid': 'admin-version-row', 'data-version': n },
          h(
            'div',
            { class: 'version-top' },
            h('strong', null, `Version ${n}`),
            isPub ? h('span', { class: 'badge b-published' }, 'published') : null,
            h('span', { class: 'muted small' }, `${str(v.author) || 'unknown'} · `, timeEl(v.createdAt)),
          ),
          v.comment ? h('p', { class: 'version-comment' }, str(v.comment)) : h('p', { class: 'version-comment muted' }, 'No comment'),
          actions,
        ),
      );
    }
  }

  async function showDiff(from, to) {
    if (!current) return;
    const c = current;
    historyError('');
    ui.diffFrom.value = String(from);
    ui.diffTo.value = String(to);
    setBusy(ui.diffShow, true);
    try {
      const data = await api('GET', `surveys/${enc(c.id)}/diff?${new URLSearchParams({ from: String(from), to: String(to) })}`);
      if (current !== c) return;
      renderDiff(typeof data.diff === 'string' ? data.diff : '', from, to);
    } catch (err) {
      if (current !== c || err.status === 401 || err.status === 403) return;
      historyError('Could not show the diff: ' + err.message);
    } finally {
      setBusy(ui.diffShow, false);
    }
  }

  function renderDiff(text, from, to) {
    clear(ui.diff);
    const dirtyNote = to === 'draft' && isDirty() ? ' (the saved draft: save to include the changes in the editor)' : '';
    ui.diffTitle.textContent = `Changes from ${versionLabel(from)} to ${versionLabel(to)}${dirtyNote}`;
    const lines = text.replace(/\n$/, '').split('\n');
    let added = 0;
    let removed = 0;
    if (!text.trim()) ui.diff.append(h('span', { class: 'd-meta' }, 'No differences.'));
    else
      for (const line of lines) {
        const cls = /^(\+\+\+|---|Index:|={3,}|diff )/.test(line) ? 'd-meta' : line.startsWith('@@') ? 'd-hunk' : line.startsWith('+') ? 'd-add' : line.startsWith('-') ? 'd-del' : line.startsWith('\\') ? 'd-meta' : 'd-ctx';
        if (cls === 'd-add') added++;
        if (cls === 'd-del') removed++;
        ui.diff.append(h('span', { class: 'd-line ' + cls }, line + '\n'));
      }
    if (text.trim()) ui.diffTitle.append(h('span', { class: 'muted' }, ` · +${added} −${removed}`));
    show(ui.diffBox, true);
    ui.diff.focus();
  }
  function closeDiff() {
    clear(ui.diff);
    show(ui.diffBox, false);
  }
  ui.diffClose.addEventListener('click', closeDiff);
  ui.diffForm.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!ui.diffFrom.value || !ui.diffTo.value) return;
    showDiff(ui.diffFrom.value, ui.diffTo.value);
  });

  async function openVersion(n) {
    if (!current) return;
    const c = current;
    if (isDirty() && !(await ask('Replace the text in the editor?', `Your unsaved changes are replaced by the text of version ${n}.`, `Open version ${n}`))) return;
    try {
      const data = await api('GET', `surveys/${enc(c.id)}/versions/${enc(n)}`);
      if (current !== c) return;
      const src = data.version && typeof data.version.source === 'string' ? data.version.source : '';
      ignoreChange = true;
      try {
        editor.setValue(src);
      } finally {
        ignoreChange = false;
      }
      edited();
      setStatus(`Version ${n} opened in the editor. Save it as a draft or publish it; or roll back to it below.`, 'info');
      ui.title.scrollIntoView({ block: 'start' });
    } catch (err) {
      if (err.status === 401 || err.status === 403) return;
      setStatus(`Could not open version ${n}: ${err.message}`, 'error');
    }
  }

  async function rollback(n, btn) {
    if (!current) return;
    const c = current;
    const next = versions.length ? Math.max(...versions.map((v) => Number(v.version) || 0)) + 1 : '';
    const ok = await ask(`Roll back to version ${n}?`, `The text of version ${n} is published again as a new version${next ? ` (${next})` : ''}. New conversations use it at once; nothing is deleted.`, 'Roll back');
    if (!ok || current !== c) return;
    if (btn) setBusy(btn, true);
    setStatus('Rolling back…');
    try {
      const data = await api('POST', `surveys/${enc(c.id)}/rollback`, { version: n, comment: `Rolled back to version ${n}` });
      if (current !== c) return;
      const m = data.version && data.version.version;
      setStatus(`Published version ${m} (the text of version ${n})`, 'ok');
      toast(`Rolled back: version ${m} is live.`);
      c.publishedVersion = m;
      c.latestVersion = m;
      await refreshDraftMeta(c);
      if (current !== c) return;
      if (!isDirty() && !c.draft) {
        // The editor follows what is now published.
        const v = await api('GET', `surveys/${enc(c.id)}/versions/${enc(m)}`);
        if (current !== c) return;
        const src = v.version && typeof v.version.source === 'string' ? v.version.source : '';
        savedText = src;
        setEditorText(src);
        previewStarted = false; // the preview starts over with the new text once it validates
        validateNow();
      } else {
        toast(`Rolled back: version ${m} is live. Your draft in the editor is kept.`);
      }
      renderHead();
      loadList();
      loadVersions();
      loadAudit();
    } catch (err) {
      if (!session || err.status === 401 || err.status === 403) return;
      setStatus('Not rolled back: ' + err.message, 'error');
    } finally {
      if (btn && btn.isConnected) setBusy(btn, false);
    }
  }

  // ---------------------------------------------------------------- audit log
  let auditSeq = 0;
  /** The server's audit actions, in words ("ana published version 4"). */
  const ACTIONS = {
    'version.published': 'published',
    'version.rolled_back': 'rolled back, publishing',
    'version.imported': 'imported from dialogs/ as',
    'draft.saved': 'saved a draft',
    'draft.deleted': 'discarded the draft',
  };
  async function loadAudit() {
    if (!current) return;
    const c = current;
    const seq = ++auditSeq;
    clear(ui.audit);
    if (c.isNew) {
      ui.audit.append(h('li', { class: 'none' }, 'Nothing recorded yet.'));
      return;
    }
    try {
      const data = await api('GET', `audit?${new URLSearchParams({ surveyId: c.id, limit: '50' })}`);
      if (seq !== auditSeq || current !== c) return;
      const entries = Array.isArray(data.entries) ? data.entries : [];
      clear(ui.audit);
      if (!entries.length) ui.audit.append(h('li', { class: 'none' }, 'Nothing recorded yet.'));
      for (const e of entries) {
        const action = str(e.action);
        ui.audit.append(
          h(
            'li',
            { class: 'audit-entry', 'data-action': action },
            timeEl(e.at),
            h('span', { class: 'audit-what' }, h('strong', null, str(e.actor) || 'someone'), ` ${ACTIONS[action] || action.replace(/[._-]+/g, ' ')}`, num(e.version) != null ? ` version ${e.version}` : ''),
            e.comment ? h('span', { class: 'audit-comment' }, `“${str(e.comment)}”`) : null,
          ),
        );
      }
    } catch (err) {
      if (seq !== auditSeq || current !== c || err.status === 401 || err.status === 403) return;
      clear(ui.audit);
      ui.audit.append(h('li', { class: 'none' }, 'Could not load the audit log: ' + err.message));
    }
  }
  ui.auditRefresh.addEventListener('click', loadAudit);

  // ---------------------------------------------------------------- start
  const saved = loadSession();
  if (saved) startSession(saved);
  else showSignin('');
})();
