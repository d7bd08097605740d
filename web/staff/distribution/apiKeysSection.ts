/** API keys for shops' backends: listed (never their secret), made (the key shown once), revoked. */
import { h, replaceChildren, show } from '../../shared/dom.js';
import { errorText, type ApiKeyScope, type ApiKeyView } from '../api.js';
import { t, text } from '../lang.js';
import type { StaffContext } from '../page.js';
import { button, on, setBusy } from '../ui.js';
import { check, dataTable, errorLine, placeholder, say, secretBox, section, statusBadge, when, type Section } from './parts.js';

export function apiKeysSection(ctx: StaffContext): Section {
  const name = placeholder(h('input', { id: 'key-name', type: 'text', maxlength: '80', autocomplete: 'off', 'data-testid': 'key-name' }), 'keys.namePlaceholder');
  const invite = check('key-scope-invite', 'keys.scope.invite', 'invite', true, 'key-scope-invite');
  const read = check('key-scope-read', 'keys.scope.read', 'read', false, 'key-scope-read');
  const create = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'key-create' }, text('keys.create'));
  const formError = errorLine();
  const form = h(
    'form',
    { class: 'dist-form', 'aria-labelledby': 'keys-new' },
    h('h4', { id: 'keys-new' }, text('keys.new')),
    h('div', { class: 'field' }, h('label', { for: 'key-name' }, text('keys.name')), name),
    h('fieldset', { class: 'checks' }, h('legend', null, text('keys.scopes')), invite.el, read.el),
    create,
  );
  const fresh = h('div', { hidden: true });
  const listError = errorLine();
  const list = h('div', { 'data-testid': 'keys-list' });
  const el = section('dist-keys', 'keys.title', 'keys.intro', [], fresh, form, formError, listError, list);

  let keys: ApiKeyView[] = [];
  let loaded = false;

  async function load(): Promise<void> {
    try {
      keys = (await ctx.api.apiKeys()).keys ?? [];
      loaded = true;
      say(listError, '');
      redraw();
    } catch (err) {
      say(listError, t('dist.loadError', { error: errorText(err, t) }));
    }
  }

  function redraw(): void {
    if (!loaded) return;
    if (!keys.length) return replaceChildren(list, h('p', { class: 'empty' }, t('keys.none')));
    const sorted = [...keys].sort((a, b) => Number(!!a.revokedAt) - Number(!!b.revokedAt) || b.createdAt.localeCompare(a.createdAt));
    replaceChildren(
      list,
      dataTable(
        'keys-table',
        ['keys.col.name', 'keys.col.scopes', 'keys.col.created', 'keys.col.lastUsed', 'keys.col.status', 'keys.col.actions'],
        sorted.map((k) => ({
          attrs: { 'data-key-id': k.id, 'data-testid': 'key-row' },
          cells: [
            h('strong', null, k.name),
            h('span', null, ...k.scopes.map((s) => h('span', { class: 'chip' }, t(`keys.scope.${s}`)))),
            h('span', null, when(k.createdAt), k.createdBy ? h('span', { class: 'muted small' }, ` · ${k.createdBy}`) : null),
            k.lastUsedAt ? when(k.lastUsedAt) : h('span', { class: 'muted' }, t('keys.neverUsed')),
            k.revokedAt ? h('span', null, statusBadge('revoked', t('keys.revoked')), ' ', when(k.revokedAt)) : statusBadge('active', t('keys.active')),
            k.revokedAt ? null : button({ class: 'btn btn-quiet danger', 'data-testid': 'key-revoke' }, (e) => void revoke(k, e.currentTarget as HTMLButtonElement), text('keys.revoke')),
          ],
        })),
      ),
    );
  }

  on(form, 'submit', (e) => {
    e.preventDefault();
    void make();
  });

  async function make(): Promise<void> {
    const scopes = [invite.input, read.input].filter((i) => i.checked).map((i) => i.value as ApiKeyScope);
    const n = name.value.trim();
    if (!n) return say(formError, t('keys.error.name'));
    if (!scopes.length) return say(formError, t('keys.error.scopes'));
    say(formError, '');
    setBusy(create, true);
    try {
      const made = await ctx.api.createApiKey(n, scopes);
      name.value = '';
      replaceChildren(
        fresh,
        secretBox('key-secret', 'keys.yourKey', made.key, ctx.toast, () => {
          replaceChildren(fresh);
          show(fresh, false);
        }),
      );
      show(fresh, true);
      fresh.querySelector('input')?.focus();
      ctx.toast(t('keys.created', { name: made.name }));
      await load();
    } catch (err) {
      say(formError, errorText(err, t));
    } finally {
      setBusy(create, false);
    }
  }

  async function revoke(k: ApiKeyView, btn: HTMLButtonElement): Promise<void> {
    if (!(await ctx.ask(t('keys.revokeAsk.title', { name: k.name }), t('keys.revokeAsk.body'), t('keys.revoke')))) return;
    setBusy(btn, true);
    try {
      await ctx.api.revokeApiKey(k.id);
      ctx.toast(t('keys.revokedToast', { name: k.name }));
      await load();
    } catch (err) {
      say(listError, errorText(err, t));
      setBusy(btn, false);
    }
  }

  return {
    el,
    load,
    redraw,
    reset() {
      keys = [];
      loaded = false;
      replaceChildren(list);
      replaceChildren(fresh);
      show(fresh, false);
      name.value = '';
      say(formError, '');
      say(listError, '');
    },
  };
}
