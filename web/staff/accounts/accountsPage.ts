/**
 * Staff accounts (/staff/accounts; admins): the people who sign in to the staff app. Add one
 * (name, display name, role, email, first password: optional when the server has single
 * sign-on and an email is given), change a role or the email single sign-on finds them by,
 * disable or enable, reset a password, end every session now. Changes hold at once on every instance: the server re-reads
 * the account on each request. CONSOLE_USERS users are listed read-only (they live in the
 * environment). Names and server messages are data: text nodes only.
 */
import { h, replaceChildren, show, type Child } from '../../shared/dom.js';
import { errorText, type BootstrapUser, type StaffAccountView } from '../api.js';
import { onLanguage, t, text } from '../lang.js';
import type { StaffContext, StaffPage } from '../page.js';
import { button, on, say, setBusy } from '../ui.js';
import { dataTable, errorLine, placeholder, statusBadge, when } from '../distribution/parts.js';

type Role = StaffAccountView['role'];
const ROLES: Role[] = ['agent', 'viewer', 'admin'];

function roleSelect(id: string, value: Role, testid: string): HTMLSelectElement {
  const select = h('select', { id, 'data-testid': testid }, ...ROLES.map((r) => h('option', { value: r }, t(`acct.role.${r}`))));
  select.value = value;
  return select;
}

/** The server checks properly; this only catches a slip before asking it. */
function looksLikeEmail(text: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text) && text.length <= 254;
}

export function createAccountsPage(ctx: StaffContext): StaffPage {
  const name = placeholder(h('input', { id: 'acct-name', type: 'text', maxlength: '64', autocomplete: 'off', required: true, 'data-testid': 'acct-name' }), 'acct.namePlaceholder');
  const display = h('input', { id: 'acct-display', type: 'text', maxlength: '80', autocomplete: 'off', 'data-testid': 'acct-display' });
  const email = h('input', { id: 'acct-email', type: 'email', maxlength: '254', autocomplete: 'off', 'data-testid': 'acct-email' });
  const password = h('input', { id: 'acct-password', type: 'password', minlength: '10', maxlength: '72', autocomplete: 'new-password', required: true, 'data-testid': 'acct-password' });
  const passwordHint = h('p', { class: 'muted small' });
  /** The server signs people in through an OpenID Connect provider too (GET /staff/auth/methods). */
  let sso = false;
  const formRoleSlot = h('span');
  let formRole = roleSelect('acct-role', 'agent', 'acct-role');
  formRoleSlot.append(formRole);
  const create = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'acct-create' }, text('acct.create'));
  const formError = errorLine();
  const form = h(
    'form',
    // Our own checks, so the message is in the staff app's language and in the page.
    { class: 'dist-form', 'aria-labelledby': 'acct-new', novalidate: true },
    h('h4', { id: 'acct-new' }, text('acct.new')),
    h('div', { class: 'field' }, h('label', { for: 'acct-name' }, text('acct.name')), name),
    h('div', { class: 'field' }, h('label', { for: 'acct-display' }, text('acct.displayName')), display),
    h('div', { class: 'field' }, h('label', { for: 'acct-role' }, text('acct.role')), formRoleSlot),
    h('div', { class: 'field' }, h('label', { for: 'acct-email' }, text('acct.email')), email, h('p', { class: 'muted small' }, text('acct.emailHint'))),
    h('div', { class: 'field' }, h('label', { for: 'acct-password' }, text('acct.password')), password, passwordHint),
    create,
  );
  const listError = errorLine();
  const list = h('div', { 'data-testid': 'acct-list' });
  const boot = h('div', { 'data-testid': 'acct-bootstrap' });
  const el = h(
    'div',
    { class: 'page page-accounts', hidden: true, 'data-page': 'accounts' },
    h(
      'div',
      { class: 'dist-ws' },
      h('div', { class: 'dist-head' }, h('div', null, h('h2', { id: 'acct-title', tabindex: '-1' }, text('acct.title')), h('p', { class: 'muted' }, text('acct.intro')))),
      h('section', { class: 'panel dist-section', 'aria-labelledby': 'acct-list-title' }, h('h3', { id: 'acct-list-title' }, text('acct.listTitle')), listError, list, form, formError),
      h('section', { class: 'panel dist-section', 'aria-labelledby': 'acct-boot-title' }, h('h3', { id: 'acct-boot-title' }, text('acct.bootTitle')), h('p', { class: 'muted dist-intro' }, text('acct.bootIntro')), boot),
    ),
  );

  let accounts: StaffAccountView[] = [];
  let bootstrap: BootstrapUser[] = [];
  let loaded = false;
  let visible = false;
  /** The account whose password is being reset (its row shows a password field). */
  let resetting: string | null = null;
  /** The account whose email is being set (its row shows an email field). */
  let emailing: string | null = null;

  async function load(): Promise<void> {
    try {
      ({ accounts, bootstrap } = await ctx.api.accounts());
      loaded = true;
      say(listError, '');
      redraw();
    } catch (err) {
      say(listError, t('acct.loadError', { error: errorText(err, t) }));
    }
  }

  function redraw(): void {
    passwordHint.textContent = t(sso ? 'acct.passwordHintOidc' : 'acct.passwordHint');
    password.required = !sso;
    const role = formRole.value as Role;
    formRole = roleSelect('acct-role', role, 'acct-role');
    replaceChildren(formRoleSlot, formRole);
    if (!loaded) return;
    const me = ctx.session()?.user.name;
    replaceChildren(
      list,
      accounts.length
        ? dataTable(
            'acct-table',
            ['acct.col.name', 'acct.col.role', 'acct.col.status', 'acct.col.created', 'acct.col.actions'],
            accounts.map((a) => ({ attrs: { 'data-account': a.name, 'data-testid': 'acct-row' }, cells: row(a, a.name === me) })),
          )
        : h('p', { class: 'empty' }, t('acct.none')),
    );
    replaceChildren(
      boot,
      bootstrap.length
        ? h('ul', null, ...bootstrap.map((u) => h('li', null, h('strong', null, u.name), u.displayName ? ` · ${u.displayName}` : '', ' · ', t(`acct.role.${u.role}`))))
        : h('p', { class: 'empty' }, t('acct.noBootstrap')),
    );
  }

  function row(a: StaffAccountView, self: boolean): Child[] {
    const roleEl = roleSelect(`acct-role-${a.name}`, a.role, 'acct-row-role');
    roleEl.setAttribute('aria-label', t('acct.roleOf', { name: a.name }));
    roleEl.disabled = self;
    on(roleEl, 'change', () => void change(a, { role: roleEl.value as Role }, roleEl));
    const actions = h('div', { class: 'row-actions' });
    if (resetting === a.name) {
      const pw = h('input', { type: 'password', minlength: '10', maxlength: '72', autocomplete: 'new-password', 'data-testid': 'acct-reset-password' });
      pw.setAttribute('aria-label', t('acct.newPasswordFor', { name: a.name }));
      const save = button({ class: 'btn btn-primary', 'data-testid': 'acct-reset-save' }, () => void reset(a, pw, save), text('acct.resetSave'));
      const cancel = button({ class: 'btn btn-quiet' }, () => {
        resetting = null;
        redraw();
      }, text('acct.cancel'));
      actions.append(pw, save, cancel);
      queueMicrotask(() => pw.focus());
    } else if (emailing === a.name) {
      const field = h('input', { type: 'email', maxlength: '254', autocomplete: 'off', value: a.email ?? '', 'data-testid': 'acct-email-input' });
      field.setAttribute('aria-label', t('acct.emailFor', { name: a.name }));
      const save = button({ class: 'btn btn-primary', 'data-testid': 'acct-email-save' }, () => void setEmail(a, field, save), text('acct.emailSave'));
      const cancel = button({ class: 'btn btn-quiet' }, () => {
        emailing = null;
        redraw();
      }, text('acct.cancel'));
      actions.append(field, save, cancel);
      queueMicrotask(() => field.focus());
    } else {
      if (!self) {
        const toggle = button(
          { class: a.disabled ? 'btn' : 'btn btn-quiet danger', 'data-testid': a.disabled ? 'acct-enable' : 'acct-disable' },
          (e) => void toggleDisabled(a, e.currentTarget as HTMLButtonElement),
          text(a.disabled ? 'acct.enable' : 'acct.disable'),
        );
        actions.append(toggle);
      }
      if (a.hasPassword || !a.disabled) {
        actions.append(
          button({ class: 'btn btn-quiet', 'data-testid': 'acct-reset' }, () => {
            resetting = a.name;
            emailing = null;
            redraw();
          }, text('acct.reset')),
        );
      }
      actions.append(
        button({ class: 'btn btn-quiet', 'data-testid': 'acct-set-email' }, () => {
          emailing = a.name;
          resetting = null;
          redraw();
        }, text('acct.setEmail')),
      );
      actions.append(button({ class: 'btn btn-quiet', 'data-testid': 'acct-revoke' }, (e) => void revoke(a, e.currentTarget as HTMLButtonElement), text('acct.revoke')));
    }
    return [
      h(
        'span',
        null,
        h('strong', null, a.name),
        a.displayName ? h('span', { class: 'muted small' }, ` · ${a.displayName}`) : null,
        self ? h('span', { class: 'chip' }, t('acct.you')) : null,
        a.hasPassword ? null : h('span', { class: 'chip', 'data-testid': 'acct-sso-only' }, t('acct.ssoOnly')),
        a.email ? h('span', { class: 'muted small acct-email', 'data-testid': 'acct-row-email' }, a.email) : null,
      ),
      roleEl,
      a.disabled ? statusBadge('revoked', t('acct.disabled')) : statusBadge('active', t('acct.active')),
      when(a.createdAt),
      actions,
    ];
  }

  on(form, 'submit', (e) => {
    e.preventDefault();
    void add();
  });

  async function add(): Promise<void> {
    const n = name.value.trim();
    const mail = email.value.trim();
    if (!n) return say(formError, t('acct.error.name'));
    if (mail && !looksLikeEmail(mail)) return say(formError, t('acct.error.email'));
    // With single sign-on, someone with an email may have no password at all.
    const ssoOnly = sso && mail !== '' && !password.value;
    if (!ssoOnly && sso && !password.value) return say(formError, t('acct.error.passwordOrEmail'));
    if (!ssoOnly && password.value.length < 10) return say(formError, t('acct.error.password'));
    say(formError, '');
    setBusy(create, true);
    try {
      const { account } = await ctx.api.createAccount({
        name: n,
        role: formRole.value as Role,
        ...(password.value ? { password: password.value } : {}),
        ...(display.value.trim() ? { displayName: display.value.trim() } : {}),
        ...(mail ? { email: mail } : {}),
      });
      name.value = display.value = password.value = email.value = '';
      ctx.toast(t('acct.created', { name: account.name }));
      await load();
    } catch (err) {
      say(formError, errorText(err, t));
    } finally {
      setBusy(create, false);
    }
  }

  async function change(a: StaffAccountView, body: { role?: Role; disabled?: boolean }, control: HTMLButtonElement | HTMLSelectElement): Promise<void> {
    control.disabled = true;
    try {
      await ctx.api.changeAccount(a.name, body);
      ctx.toast(t(body.role ? 'acct.roleChanged' : body.disabled ? 'acct.disabledToast' : 'acct.enabledToast', { name: a.name, role: body.role ? t(`acct.role.${body.role}`) : '' }));
      await load();
    } catch (err) {
      say(listError, errorText(err, t));
      control.disabled = false;
    }
  }

  async function toggleDisabled(a: StaffAccountView, btn: HTMLButtonElement): Promise<void> {
    if (!a.disabled && !(await ctx.ask(t('acct.disableAsk.title', { name: a.name }), t('acct.disableAsk.body'), t('acct.disable')))) return;
    await change(a, { disabled: !a.disabled }, btn);
  }

  async function reset(a: StaffAccountView, pw: HTMLInputElement, btn: HTMLButtonElement): Promise<void> {
    if (pw.value.length < 10) return say(listError, t('acct.error.password'));
    setBusy(btn, true);
    try {
      await ctx.api.resetPassword(a.name, pw.value);
      resetting = null;
      say(listError, '');
      ctx.toast(t('acct.resetDone', { name: a.name }));
      await load();
    } catch (err) {
      say(listError, errorText(err, t));
      setBusy(btn, false);
    }
  }

  async function setEmail(a: StaffAccountView, field: HTMLInputElement, btn: HTMLButtonElement): Promise<void> {
    const mail = field.value.trim();
    if (!looksLikeEmail(mail)) return say(listError, t('acct.error.email'));
    setBusy(btn, true);
    try {
      const { account } = await ctx.api.changeAccount(a.name, { email: mail });
      emailing = null;
      say(listError, '');
      ctx.toast(t('acct.emailSaved', { name: a.name, email: account.email ?? mail }));
      await load();
    } catch (err) {
      say(listError, errorText(err, t));
      setBusy(btn, false);
    }
  }

  async function revoke(a: StaffAccountView, btn: HTMLButtonElement): Promise<void> {
    if (!(await ctx.ask(t('acct.revokeAsk.title', { name: a.name }), t('acct.revokeAsk.body'), t('acct.revoke')))) return;
    setBusy(btn, true);
    try {
      await ctx.api.revokeSessions(a.name);
      ctx.toast(t('acct.revoked', { name: a.name }));
      await load();
    } catch (err) {
      say(listError, errorText(err, t));
      setBusy(btn, false);
    }
  }

  onLanguage(() => {
    redraw();
    if (visible) ctx.setTitle(t('acct.title'));
  });

  return {
    el,
    enter() {
      visible = true;
      show(el, true);
      ctx.setTitle(t('acct.title'));
      void load();
      ctx.api.signInMethods().then(
        (m) => {
          sso = Boolean(m.oidc);
          redraw();
        },
        () => {},
      );
    },
    leave() {
      visible = false;
      show(el, false);
    },
    reset() {
      visible = false;
      show(el, false);
      accounts = [];
      bootstrap = [];
      loaded = false;
      resetting = null;
      emailing = null;
      replaceChildren(list);
      replaceChildren(boot);
      name.value = display.value = password.value = email.value = '';
      say(formError, '');
      say(listError, '');
    },
    hash: () => '',
  };
}
