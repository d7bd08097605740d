/**
 * The one staff sign-in: username and password, or (behind a checkbox) the server's ADMIN_TOKEN,
 * through POST /console/api/login; and, when the server has an OpenID Connect provider
 * (GET /staff/auth/methods), a "Sign in with …" button that goes there and back
 * (oidcReturn.ts). The same session then opens every staff page.
 */
import { h, show as showEl } from '../shared/dom.js';
import { ApiError, signInErrorText, type SignInMethods, type SignInResult, type StaffApi } from './api.js';
import { onLanguage, t, text } from './lang.js';
import { RETURN_KEY } from './oidcReturn.js';
import { roleOf, type StaffSession } from './session.js';
import { on, say, setBusy } from './ui.js';

export interface SignInView {
  el: HTMLElement;
  /** Shows the form, with a message (why the last session ended) if any. */
  show(message: string): void;
}

/** A sign-in answer as the session the app keeps. */
export function sessionOf(data: SignInResult): StaffSession {
  if (!data.token || !data.user) throw new ApiError(500, 'BAD_ANSWER', 'Unexpected answer');
  return { token: String(data.token), user: { name: String(data.user.name), role: roleOf(data.user.role) }, expiresAt: data.expiresAt ? String(data.expiresAt) : '' };
}

export function createSignIn(api: StaffApi, signedIn: (s: StaffSession) => void): SignInView {
  const hint = h('p', { class: 'muted' });
  const user = h('input', { id: 'login-user', name: 'username', type: 'text', autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false', required: true, 'data-testid': 'staff-login-user' });
  const userField = h('div', { class: 'field' }, h('label', { for: 'login-user' }, text('signin.username')), user);
  const passwordLabel = h('label', { for: 'login-password' });
  const password = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true, 'data-testid': 'staff-login-password' });
  const withToken = h('input', { type: 'checkbox', id: 'login-admin', 'data-testid': 'staff-login-token' });
  const error = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'staff-login-error', hidden: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block', 'data-testid': 'staff-login-submit' }, text('signin.submit'));
  const form = h(
    'form',
    { class: 'card signin-card', novalidate: true },
    h('h2', { id: 'signin-title' }, text('signin.title')),
    hint,
    userField,
    h('div', { class: 'field' }, passwordLabel, password),
    h('label', { class: 'check' }, withToken, h('span', null, text('signin.useToken'))),
    error,
    submit,
  );
  // The provider's button, shown once the server says it has one.
  const oidcButton = h('a', { class: 'btn btn-primary btn-block', href: '#', 'data-testid': 'staff-login-oidc' });
  const oidcBlock = h('div', { class: 'signin-oidc', hidden: true }, oidcButton, h('p', { class: 'signin-or', 'aria-hidden': 'true' }, text('signin.or')));
  form.insertBefore(oidcBlock, hint);
  let methods: SignInMethods | null = null;
  let asked = false;
  const applyOidc = () => {
    const oidc = methods?.oidc;
    showEl(oidcBlock, Boolean(oidc));
    if (!oidc) return;
    oidcButton.href = oidc.start;
    oidcButton.textContent = oidc.label ? t('signin.oidc.button', { name: oidc.label }) : t('signin.oidc.buttonGeneric');
    submit.className = 'btn btn-block';
  };
  onLanguage(applyOidc);
  const askMethods = () => {
    if (asked) return;
    asked = true;
    api.signInMethods().then(
      (m) => {
        methods = m;
        applyOidc();
      },
      () => {
        asked = false; // no button this time; asked again at the next sign-in
      },
    );
  };
  on(oidcButton, 'click', () => {
    // Back from the provider, the person lands where they were (the page and its #case=).
    try {
      sessionStorage.setItem(RETURN_KEY, location.pathname + location.hash);
    } catch {
      /* storage off: they land on their home page */
    }
  });

  const el = h('section', { class: 'signin', 'aria-labelledby': 'signin-title', hidden: true }, form);

  /** Labels that depend on the checkbox; also redrawn when the language changes. */
  const applyMode = () => {
    const token = withToken.checked;
    userField.hidden = token;
    user.required = !token;
    passwordLabel.textContent = t(token ? 'signin.token' : 'signin.password');
    password.setAttribute('autocomplete', token ? 'off' : 'current-password');
    hint.textContent = t(token ? 'signin.hint.token' : 'signin.hint.password');
  };
  onLanguage(applyMode);
  on(withToken, 'change', () => {
    applyMode();
    say(error, '');
    (withToken.checked ? password : user).focus();
  });

  on(form, 'submit', async (e) => {
    e.preventDefault();
    const token = withToken.checked;
    const username = user.value.trim();
    const secret = password.value;
    if (!token && !username) {
      say(error, t('signin.error.noUsername'));
      user.focus();
      return;
    }
    if (!secret) {
      say(error, t(token ? 'signin.error.noToken' : 'signin.error.noPassword'));
      password.focus();
      return;
    }
    say(error, '');
    setBusy(submit, true);
    try {
      const data = sessionOf(await api.signIn(token ? { token: secret } : { username, password: secret }));
      password.value = '';
      signedIn(data);
    } catch (err) {
      say(error, signInErrorText(err, token, t));
      password.focus();
      password.select();
    } finally {
      setBusy(submit, false);
    }
  });

  return {
    el,
    show(message) {
      el.hidden = false;
      applyMode();
      askMethods();
      say(error, message);
      (withToken.checked || user.value ? password : user).focus();
    },
  };
}

