/** Webhook endpoints: listed, added (the signing secret shown once), pinged, removed, each with its delivery log. */
import { h, replaceChildren, show } from '../../shared/dom.js';
import { errorText, type WebhookDelivery, type WebhookEndpointView, type WebhookEventType } from '../api.js';
import { t, text } from '../lang.js';
import type { StaffContext } from '../page.js';
import { button, on, setBusy } from '../ui.js';
import { eventKey, WEBHOOK_EVENTS } from './distributionValues.js';
import { check, dataTable, errorLine, placeholder, say, secretBox, section, statusBadge, when, type Section } from './parts.js';


export function webhooksSection(ctx: StaffContext): Section {
  const url = placeholder(h('input', { id: 'hook-url', type: 'url', maxlength: '2000', autocomplete: 'off', spellcheck: 'false', 'data-testid': 'hook-url' }), 'hooks.urlPlaceholder');
  const description = placeholder(h('input', { id: 'hook-desc', type: 'text', maxlength: '200', autocomplete: 'off', 'data-testid': 'hook-desc' }), 'hooks.descriptionPlaceholder');
  const events = WEBHOOK_EVENTS.map((e) => check(`hook-ev-${e.replace('.', '-')}`, eventKey(e), e, false, `hook-event-${e}`));
  const create = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'hook-create' }, text('hooks.create'));
  const formError = errorLine();
  const form = h(
    'form',
    { class: 'dist-form', 'aria-labelledby': 'hooks-new', novalidate: true },
    h('h4', { id: 'hooks-new' }, text('hooks.new')),
    h('div', { class: 'field' }, h('label', { for: 'hook-url' }, text('hooks.url')), url),
    h('div', { class: 'field' }, h('label', { for: 'hook-desc' }, text('hooks.description')), description),
    h('fieldset', { class: 'checks' }, h('legend', null, text('hooks.events')), ...events.map((e) => e.el)),
    create,
  );
  const fresh = h('div', { hidden: true });
  const listError = errorLine();
  const list = h('div', { class: 'hooks', 'data-testid': 'hooks-list' });
  const el = section('dist-hooks', 'hooks.title', 'hooks.intro', [], fresh, form, formError, listError, list);

  let endpoints: WebhookEndpointView[] | null = null;
  const logs = new Map<string, WebhookDelivery[] | 'loading'>();
  const pings = new Map<string, WebhookDelivery>();

  async function load(): Promise<void> {
    try {
      endpoints = (await ctx.api.webhooks()).endpoints ?? [];
      say(listError, '');
      redraw();
    } catch (err) {
      say(listError, t('dist.loadError', { error: errorText(err, t) }));
    }
  }

  const deliveryText = (d: WebhookDelivery) =>
    [t(`hooks.delivery.${d.status}`), d.httpStatus ? `HTTP ${d.httpStatus}` : '', d.error ?? '', t('hooks.ms', { ms: d.durationMs })].filter(Boolean).join(' · ');

  function redraw(): void {
    if (!endpoints) return;
    if (!endpoints.length) return replaceChildren(list, h('p', { class: 'empty' }, t('hooks.none')));
    replaceChildren(
      list,
      ...endpoints.map((ep) => {
        const log = logs.get(ep.id);
        const ping = pings.get(ep.id);
        const pingBtn = button({ class: 'btn', 'data-testid': 'hook-ping' }, (e) => void sendPing(ep, e.currentTarget as HTMLButtonElement), text('hooks.ping'));
        const logBtn = button(
          { class: 'btn btn-quiet', 'aria-expanded': String(!!log), 'data-testid': 'hook-log-toggle' },
          () => void toggleLog(ep.id),
          text(log ? 'hooks.log.hide' : 'hooks.log.show'),
        );
        const del = button({ class: 'btn btn-quiet danger', 'data-testid': 'hook-delete' }, (e) => void remove(ep, e.currentTarget as HTMLButtonElement), text('hooks.delete'));
        return h(
          'article',
          { class: 'hook', 'data-testid': 'hook', 'data-hook-id': ep.id },
          h('div', { class: 'hook-head' }, h('code', { class: 'hook-url' }, ep.url), ep.active ? null : statusBadge('inactive', t('hooks.inactive'))),
          ep.description ? h('p', { class: 'hook-desc' }, ep.description) : null,
          h('p', { class: 'hook-events' }, ...ep.events.map((e) => h('span', { class: 'chip' }, t(eventKey(e)))), h('span', { class: 'muted small' }, ' · ', t('hooks.added'), ' ', when(ep.createdAt))),
          h('div', { class: 'row-actions' }, pingBtn, logBtn, del),
          ping ? h('p', { class: 'hook-ping', role: 'status', 'data-testid': 'hook-ping-result', 'data-status': ping.status }, statusBadge(ping.status, t(`hooks.delivery.${ping.status}`)), ' ', deliveryText(ping)) : null,
          log === 'loading'
            ? h('p', { class: 'muted' }, t('dist.loading'))
            : log
              ? log.length
                ? dataTable(
                    'hook-log',
                    ['hooks.col.at', 'hooks.col.event', 'hooks.col.attempt', 'hooks.col.status', 'hooks.col.detail'],
                    log.map((d) => ({
                      attrs: { 'data-testid': 'hook-delivery', 'data-status': d.status },
                      cells: [when(d.at), h('code', null, d.type), String(d.attempt), statusBadge(d.status, t(`hooks.delivery.${d.status}`)), [d.httpStatus ? `HTTP ${d.httpStatus}` : '', d.error ?? '', t('hooks.ms', { ms: d.durationMs })].filter(Boolean).join(' · ')],
                    })),
                  )
                : h('p', { class: 'empty' }, t('hooks.log.none'))
              : null,
        );
      }),
    );
  }

  async function toggleLog(id: string, force = false): Promise<void> {
    if (logs.has(id) && !force) {
      logs.delete(id);
      return redraw();
    }
    logs.set(id, 'loading');
    redraw();
    try {
      logs.set(id, (await ctx.api.webhookDeliveries(id, 20)).deliveries ?? []);
    } catch (err) {
      logs.delete(id);
      say(listError, errorText(err, t));
    }
    redraw();
  }

  async function sendPing(ep: WebhookEndpointView, btn: HTMLButtonElement): Promise<void> {
    setBusy(btn, true);
    try {
      const { delivery } = await ctx.api.pingWebhook(ep.id);
      pings.set(ep.id, delivery);
      ctx.toast(t(delivery.status === 'delivered' ? 'hooks.pinged' : 'hooks.pingFailed'));
      if (logs.has(ep.id)) await toggleLog(ep.id, true);
      else redraw();
    } catch (err) {
      say(listError, errorText(err, t));
    } finally {
      setBusy(btn, false);
    }
  }

  async function remove(ep: WebhookEndpointView, btn: HTMLButtonElement): Promise<void> {
    if (!(await ctx.ask(t('hooks.deleteAsk.title'), t('hooks.deleteAsk.body', { url: ep.url }), t('hooks.delete')))) return;
    setBusy(btn, true);
    try {
      await ctx.api.deleteWebhook(ep.id);
      logs.delete(ep.id);
      pings.delete(ep.id);
      ctx.toast(t('hooks.deleted'));
      await load();
    } catch (err) {
      say(listError, errorText(err, t));
      setBusy(btn, false);
    }
  }

  on(form, 'submit', (e) => {
    e.preventDefault();
    void make();
  });

  async function make(): Promise<void> {
    const chosen = events.filter((e) => e.input.checked).map((e) => e.input.value as WebhookEventType);
    const u = url.value.trim();
    if (!u) return say(formError, t('hooks.error.url'));
    if (!chosen.length) return say(formError, t('hooks.error.events'));
    say(formError, '');
    setBusy(create, true);
    try {
      const { endpoint } = await ctx.api.createWebhook({ url: u, events: chosen, ...(description.value.trim() ? { description: description.value.trim() } : {}) });
      url.value = '';
      description.value = '';
      for (const e of events) e.input.checked = false;
      replaceChildren(
        fresh,
        secretBox('hook-secret', 'hooks.yourSecret', endpoint.secret, ctx.toast, () => {
          replaceChildren(fresh);
          show(fresh, false);
        }),
      );
      show(fresh, true);
      fresh.querySelector('input')?.focus();
      ctx.toast(t('hooks.created'));
      await load();
    } catch (err) {
      say(formError, errorText(err, t));
    } finally {
      setBusy(create, false);
    }
  }

  return {
    el,
    load,
    redraw,
    reset() {
      endpoints = null;
      logs.clear();
      pings.clear();
      replaceChildren(list);
      replaceChildren(fresh);
      show(fresh, false);
      say(formError, '');
      say(listError, '');
    },
  };
}
