/**
 * The staff app (/staff): one sign-in, one session, one navigation (Cases for agents and admins,
 * Surveys and Distribution for admins, Results for everyone, viewers included), the live indicator, toasts and the
 * language picker, around the pages in console/, surveys/ and results/. The server sends the same
 * page for every /staff path; this reads the path.
 */
import './staff.css';
// The results page is a lazy chunk, but esbuild only links the entry's stylesheet: its styles
// (and uPlot's own, 2 KB) come with staff.css.
import 'uplot/dist/uPlot.min.css';
import './results/results.css';
import './distribution/distribution.css';
import { h, replaceChildren, show } from '../shared/dom.js';
import { ApiClient, ApiError, errorText, staffApi } from './api.js';
import { CaseAlerts } from './console/caseAlerts.js';
import { createCasesPage } from './console/casesPage.js';
import { caseName } from './console/caseText.js';
import { createAsker } from './dialog.js';
import { lazyPage } from './lazyPage.js';
import { attr, LANGUAGE_NAMES, language, languages, onLanguage, setLanguage, t, text } from './lang.js';
import { LiveFeed, type LiveState } from './live.js';
import type { StaffContext, StaffPage } from './page.js';
import { allowed, homePage, pageForPath, pathForPage, type PageId } from './router.js';
import { loadSession, roleOf, saveSession, type StaffSession } from './session.js';
import { createSignIn, sessionOf } from './signIn.js';
import { readSignInReturn, refusalKey, RETURN_KEY, returnPath, withoutSignInParams } from './oidcReturn.js';
import { createSurveysPage } from './surveys/surveysPage.js';
import { createToaster } from './toast.js';
import { button, on } from './ui.js';

let session: StaffSession | null = null;
let expiryTimer = 0;
let currentPage: PageId = pageForPath(location.pathname) ?? 'cases';
let titlePart = '';

const client = new ApiClient({
  token: () => session?.token,
  unauthorized: () => endSession(t('session.ended')),
  forbidden: () => {
    if (currentPage === 'surveys' || currentPage === 'distribution' || currentPage === 'accounts' || currentPage === 'replies') showForbidden();
  },
  // Results calls are not `admin` calls: a 403 there is a refusal the page shows itself.
});
const api = staffApi(client);
const toaster = createToaster();
const asker = createAsker();

// ---------------------------------------------------------------- header
const liveEl = h('span', { class: 'live', id: 'live', 'data-testid': 'console-live', role: 'status', 'data-state': 'connecting', hidden: true });
const who = h('span', { class: 'who', id: 'who', 'data-testid': 'staff-who' });
const signOut = button({ class: 'btn btn-quiet', 'data-testid': 'staff-signout', hidden: true }, () => void signOutClicked(), text('nav.signOut'));
const langPicker = h('select', { id: 'staff-lang', class: 'lang', 'data-testid': 'staff-lang' }, ...languages().map((l) => h('option', { value: l, lang: l }, LANGUAGE_NAMES[l] ?? l)));
langPicker.value = language();
on(langPicker, 'change', () => setLanguage(langPicker.value));

// Cases waiting for this agent that they have not opened: beside "Cases" and in the tab title.
const unreadBadge = h('span', { class: 'nav-badge', 'data-testid': 'staff-nav-unread', hidden: true });
let unreadCount = 0;
const navLinks: Record<PageId, HTMLAnchorElement> = {
  cases: h('a', { href: pathForPage('cases'), class: 'nav-link', 'data-testid': 'staff-nav-cases' }, text('nav.cases'), unreadBadge),
  surveys: h('a', { href: pathForPage('surveys'), class: 'nav-link', 'data-testid': 'staff-nav-surveys' }, text('nav.surveys')),
  results: h('a', { href: pathForPage('results'), class: 'nav-link', 'data-testid': 'staff-nav-results' }, text('nav.results')),
  distribution: h('a', { href: pathForPage('distribution'), class: 'nav-link', 'data-testid': 'staff-nav-distribution' }, text('nav.distribution')),
  accounts: h('a', { href: pathForPage('accounts'), class: 'nav-link', 'data-testid': 'staff-nav-accounts' }, text('nav.accounts')),
  replies: h('a', { href: pathForPage('replies'), class: 'nav-link', 'data-testid': 'staff-nav-replies' }, text('nav.replies')),
};
const nav = attr(h('nav', { class: 'nav', hidden: true }, ...Object.values(navLinks)), 'aria-label', 'nav.label');
for (const [id, a] of Object.entries(navLinks) as [PageId, HTMLAnchorElement][]) {
  on(a, 'click', (e) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return; // a new tab is the browser's
    e.preventDefault();
    go(id, true);
  });
}

const header = h(
  'header',
  { class: 'top' },
  h('h1', { class: 'brand' }, 'Satisfy ', h('span', { class: 'brand-sub' }, text('app.staff'))),
  nav,
  h('div', { class: 'top-right' }, liveEl, who, h('label', { for: 'staff-lang', class: 'visually-hidden' }, text('nav.language')), langPicker, signOut),
);

// ---------------------------------------------------------------- pages
const ctx: StaffContext = {
  api,
  session: () => session,
  toast: (s) => toaster.show(s),
  ask: (title, body, ok) => asker.ask(title, body, ok),
  live: () => live.live,
  typing: {
    watch: (caseId) => live.watch(caseId),
    send: (caseId) => live.send({ type: 'typing', caseId }),
  },
  setTitle: (s) => {
    titlePart = s;
    showTitle();
  },
};
function showTitle(): void {
  document.title = `${unreadCount ? `(${unreadCount}) ` : ''}${titlePart} · Satisfy`;
}
const alerts = new CaseAlerts(
  async () => (await api.cases({ status: 'open,claimed' })).cases ?? [],
  () => session?.user.name,
  {
    count: (n) => {
      unreadCount = n;
      unreadBadge.textContent = n ? String(n) : '';
      unreadBadge.setAttribute('aria-label', t('alerts.unread', { count: n }));
      show(unreadBadge, n > 0);
      if (titlePart) showTitle();
    },
    describe: (a) => ({ title: t(`alerts.${a.kind}`), body: `${caseName(a.c, t)}${a.c.worstQuote?.text ? ` — ${a.c.worstQuote.text.slice(0, 120)}` : ''}` }),
    open: (id) => {
      go('cases', true);
      location.hash = `#case=${encodeURIComponent(id)}`;
    },
  },
);
const cases = createCasesPage(ctx, alerts);
const surveys = createSurveysPage(ctx);
// Charts and all: a chunk of its own, fetched the first time the page opens.
const results = lazyPage(ctx, 'results', () => import('./results/resultsPage.js').then((m) => m.createResultsPage));
// API keys, CSV upload, scheduler, webhooks: admins only, so a chunk agents never fetch.
const distribution = lazyPage(ctx, 'distribution', () => import('./distribution/distributionPage.js').then((m) => m.createDistributionPage));
// Staff accounts: admins only, a chunk of its own too.
const accounts = lazyPage(ctx, 'accounts', () => import('./accounts/accountsPage.js').then((m) => m.createAccountsPage));
// Canned replies: admins only, a chunk of its own too.
const replies = lazyPage(ctx, 'replies', () => import('./replies/repliesPage.js').then((m) => m.createRepliesPage));
const pages: Record<PageId, StaffPage> = { cases, surveys, results, distribution, accounts, replies };

const live = new LiveFeed({
  state: (s: LiveState) => {
    liveEl.setAttribute('data-state', s);
    liveEl.textContent = t(`live.${s}`);
    liveEl.title = t(s === 'live' ? 'live.title.live' : 'live.title.paused');
  },
  resumed: () => {
    cases.resumed();
    alerts.refresh(0);
  },
  changed: (id) => {
    cases.changed(id);
    alerts.refresh();
  },
  typing: (id) => cases.customerTyping(id),
  refused: () => (session ? recheck(session) : Promise.resolve()),
});

const signIn = createSignIn(api, (s) => startSession(s, true));

const forbiddenTitle = h('h2', { id: 'forbidden-title', tabindex: '-1' });
const forbiddenText = h('p', { class: 'muted' });
const forbiddenLink = h('a', { class: 'btn btn-primary btn-block', href: pathForPage('cases') });
on(forbiddenLink, 'click', (e) => {
  e.preventDefault();
  go(homePage(session?.user.role ?? 'agent'), true);
});
const forbidden = h(
  'section',
  { class: 'signin', 'aria-labelledby': 'forbidden-title', hidden: true, 'data-testid': 'staff-forbidden' },
  h('div', { class: 'card signin-card' }, forbiddenTitle, forbiddenText, forbiddenLink, button({ class: 'btn btn-block' }, () => endSession(''), text('forbidden.switchUser'))),
);

const main = h('main', { id: 'main', tabindex: '-1' }, signIn.el, forbidden, cases.el, surveys.el, results.el, distribution.el, accounts.el, replies.el);
replaceChildren(
  document.body,
  h('a', { class: 'skip-link', href: '#main' }, text('nav.skip')),
  header,
  main,
  toaster.el,
  asker.el,
);
on(document.querySelector<HTMLAnchorElement>('.skip-link')!, 'click', (e) => {
  e.preventDefault();
  main.focus();
});

// ---------------------------------------------------------------- navigation
function renderNav(): void {
  const role = session?.user.role ?? 'agent';
  for (const [id, a] of Object.entries(navLinks) as [PageId, HTMLAnchorElement][]) show(a, allowed(id, role));
  for (const [id, a] of Object.entries(navLinks) as [PageId, HTMLAnchorElement][]) {
    if (id === currentPage) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

/** Shows a page; `push` adds a history entry (a click), else the URL is already right. */
function go(page: PageId, push: boolean): void {
  if (push && page !== currentPage) history.pushState(null, '', pathForPage(page) + pages[page].hash());
  currentPage = page;
  renderNav();
  if (!session) return;
  for (const [id, p] of Object.entries(pages) as [PageId, StaffPage][]) if (id !== page) p.leave();
  show(forbidden, false);
  if (!allowed(page, session.user.role)) {
    pages[page].leave();
    showForbidden();
    return;
  }
  pages[page].enter();
  main.focus({ preventScroll: true });
}

on(window, 'popstate', () => go(pageForPath(location.pathname) ?? 'cases', false));

function showForbidden(): void {
  for (const p of Object.values(pages)) p.leave();
  show(signIn.el, false);
  show(forbidden, true);
  const role = session?.user.role;
  const home = homePage(role ?? 'agent');
  forbiddenTitle.textContent = t(currentPage === 'cases' ? 'forbidden.cases.title' : 'forbidden.title');
  const about = currentPage === 'distribution' ? 'forbidden.distribution.' : currentPage === 'accounts' ? 'forbidden.accounts.' : currentPage === 'replies' ? 'forbidden.replies.' : 'forbidden.';
  forbiddenText.textContent =
    session && role === 'viewer' ? t(`${about}viewer`, { name: session.user.name }) : session && role === 'agent' ? t(`${about}agent`, { name: session.user.name }) : t(`${about}other`);
  forbiddenLink.href = pathForPage(home);
  forbiddenLink.textContent = t(home === 'results' ? 'forbidden.openResults' : 'forbidden.openCases');
  ctx.setTitle(forbiddenTitle.textContent);
  forbiddenTitle.focus();
}

// ---------------------------------------------------------------- session
function whoText(s: StaffSession): string {
  return t(`nav.who.${s.user.role}`, { name: s.user.name });
}

/** Cases come live over a socket; viewers have no cases, so no socket and no indicator. */
function startLive(s: StaffSession): void {
  const works = allowed('cases', s.user.role);
  show(liveEl, works);
  if (works) {
    live.start(s.token);
    alerts.start();
  } else {
    live.stop();
    alerts.stop();
  }
}

function startSession(s: StaffSession, fresh: boolean): void {
  session = s;
  saveSession(s);
  window.clearTimeout(expiryTimer);
  const left = s.expiresAt ? Date.parse(s.expiresAt) - Date.now() : NaN;
  if (Number.isFinite(left) && left < 2 ** 31 - 1) expiryTimer = window.setTimeout(() => endSession(t('session.expired')), Math.max(0, left));
  who.textContent = whoText(s);
  show(signIn.el, false);
  show(nav, true);
  show(signOut, true);
  startLive(s);
  // /staff (and the cases' address, its old home) opens a viewer's own home: the results.
  if (currentPage === 'cases' && !allowed('cases', s.user.role)) {
    currentPage = homePage(s.user.role);
    history.replaceState(null, '', pathForPage(currentPage) + location.hash);
  }
  go(currentPage, false);
  // A stored token may have been revoked, or the server restarted with a new key: check it.
  if (!fresh) void recheck(s);
}

/** Asks the server who this session is now: a 401 ends it (the API client does that); a changed
 * role takes effect here (a viewer loses the Cases page and its live socket). */
async function recheck(s: StaffSession): Promise<void> {
  try {
    const d = await api.me();
    if (!d.user || session !== s) return;
    const role = roleOf(d.user.role);
    const changed = role !== s.user.role;
    s.user = { name: String(d.user.name), role };
    saveSession(s);
    who.textContent = whoText(s);
    if (changed) {
      startLive(s);
      go(currentPage, false);
    }
  } catch {
    // A 401 has signed out already; anything else: the next request tells.
  }
}

function endSession(message: string): void {
  session = null;
  saveSession(null);
  window.clearTimeout(expiryTimer);
  live.stop();
  alerts.stop();
  for (const p of Object.values(pages)) p.reset();
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  signedOut(message);
}

/** The sign-in form, alone. A link's #case= or #survey= stays for after the sign-in. */
function signedOut(message: string): void {
  show(nav, false);
  show(liveEl, false);
  show(signOut, false);
  show(forbidden, false);
  who.textContent = '';
  ctx.setTitle(t('signin.title'));
  signIn.show(message);
}

async function signOutClicked(): Promise<void> {
  for (const p of Object.values(pages)) if (p.canLeave && !(await p.canLeave())) return;
  endSession('');
}

onLanguage(() => {
  langPicker.value = language();
  liveEl.textContent = t(`live.${live.state}`);
  if (session) who.textContent = whoText(session);
  if (!forbidden.hidden) showForbidden();
  else if (!session) ctx.setTitle(t('signin.title'));
  else if (titlePart) showTitle();
  if (unreadCount) unreadBadge.setAttribute('aria-label', t('alerts.unread', { count: unreadCount }));
});

/** Back from the OpenID Connect provider: land where the person was, without the sign-in's
 * parameters in the address, then take the session the server holds for this tab, or say in
 * the page's language why there is none. */
function backFromProvider(back: NonNullable<ReturnType<typeof readSignInReturn>>): void {
  let saved: string | null = null;
  try {
    saved = returnPath(sessionStorage.getItem(RETURN_KEY));
    sessionStorage.removeItem(RETURN_KEY);
  } catch {
    /* storage off: the home page */
  }
  history.replaceState(null, '', saved ?? location.pathname + withoutSignInParams(location.search) + location.hash);
  currentPage = pageForPath(location.pathname) ?? 'cases';
  if (location.pathname.replace(/\/+$/, '') === '/staff') history.replaceState(null, '', pathForPage('cases') + location.hash);
  if (back.kind === 'refused') return signedOut(t(refusalKey(back.code)));
  api.oidcSession().then(
    (data) => startSession(sessionOf(data), true),
    (err: unknown) => signedOut(err instanceof ApiError && err.code.startsWith('OIDC_') ? t(refusalKey(err.code)) : errorText(err, t)),
  );
}

// ---------------------------------------------------------------- start
const back = readSignInReturn(location.search);
if (back) backFromProvider(back);
else {
  if (location.pathname.replace(/\/+$/, '') === '/staff') history.replaceState(null, '', pathForPage('cases') + location.hash);
  const saved = loadSession();
  if (saved) startSession(saved, false);
  else signedOut('');
}
