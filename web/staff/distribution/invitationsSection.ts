/**
 * The newest invitations, each with its history a click away, and the latest refusals with
 * their reason. A status filter narrows the list in place (the server sends the newest 100).
 */
import { h, replaceChildren } from '../../shared/dom.js';
import { errorText, type InvitationsList, type InvitationView } from '../api.js';
import { t, text } from '../lang.js';
import type { StaffContext } from '../page.js';
import { button, on, setBusy } from '../ui.js';
import { INVITATION_STATUSES } from './distributionValues.js';
import { dataTable, errorLine, say, section, statusBadge, when, type Section } from './parts.js';


/** An invitation's status (or a history step's) in words. */
export const invitationStatus = (s: string) => t(`inv.status.${s}`);

/** An invitation's history, oldest first: when, what, and the detail the server gave. */
export function historyList(inv: InvitationView): HTMLElement {
  return h(
    'ol',
    { class: 'inv-history', 'data-testid': 'inv-history' },
    ...(inv.history ?? []).map((e) => h('li', null, when(e.at), ' ', statusBadge(e.status, invitationStatus(e.status)), e.detail ? h('span', { class: 'muted' }, ` ${e.detail}`) : null)),
  );
}

export function invitationsSection(ctx: StaffContext): Section {
  const filter = h(
    'select',
    { id: 'inv-filter', 'data-testid': 'inv-filter' },
    h('option', { value: '' }, text('inv.filter.all')),
    ...INVITATION_STATUSES.map((s) => h('option', { value: s }, text(`inv.status.${s}`))),
  );
  const refresh = button({ class: 'btn', 'data-testid': 'inv-refresh' }, () => void loadWith(refresh), text('dist.refresh'));
  const tools = [h('div', { class: 'field inline' }, h('label', { for: 'inv-filter' }, text('inv.filter')), filter), refresh];
  const listError = errorLine();
  const list = h('div', { 'data-testid': 'inv-list' });
  const refusals = h('div', { 'data-testid': 'refusals-list' });
  const el = section('dist-invitations', 'inv.title', 'inv.intro', tools, listError, list, h('h4', { id: 'refusals-title' }, text('inv.refusals')), h('p', { class: 'muted' }, text('inv.refusals.intro')), refusals);

  let data: InvitationsList | null = null;
  const open = new Set<string>();

  async function loadWith(btn?: HTMLButtonElement): Promise<void> {
    if (btn) setBusy(btn, true);
    try {
      data = await ctx.api.invitations(100);
      say(listError, '');
      redraw();
    } catch (err) {
      say(listError, t('dist.loadError', { error: errorText(err, t) }));
    } finally {
      if (btn) setBusy(btn, false);
    }
  }
  on(filter, 'change', () => redraw());

  function redraw(): void {
    if (!data) return;
    const shown = (data.invitations ?? []).filter((i) => !filter.value || i.status === filter.value);
    if (!shown.length) replaceChildren(list, h('p', { class: 'empty' }, t(filter.value ? 'inv.noneLikeThis' : 'inv.none')));
    else {
      replaceChildren(
        list,
        dataTable(
          'inv-table',
          ['inv.col.status', 'inv.col.channel', 'inv.col.customer', 'inv.col.survey', 'inv.col.sendAt', 'inv.col.expiresAt', 'inv.col.reminders', 'inv.col.history'],
          shown.map((inv) => {
            const isOpen = open.has(inv.id);
            const toggle = button(
              { class: 'btn btn-quiet', 'aria-expanded': String(isOpen), 'aria-controls': `inv-h-${inv.id}`, 'data-testid': 'inv-toggle' },
              () => {
                if (open.has(inv.id)) open.delete(inv.id);
                else open.add(inv.id);
                redraw();
              },
              text(isOpen ? 'inv.history.hide' : 'inv.history.show', { count: inv.history?.length ?? 0 }),
            );
            const history = isOpen ? h('tr', { class: 'inv-history-row', id: `inv-h-${inv.id}` }, h('td', { colspan: '8' }, historyList(inv))) : null;
            return {
              attrs: { 'data-testid': 'inv-row', 'data-status': inv.status, 'data-customer': inv.customerId },
              cells: [
                h('span', null, statusBadge(inv.status, invitationStatus(inv.status)), inv.failure ? h('span', { class: 'inv-failure' }, inv.failure) : null),
                t(`inv.channel.${inv.channel}`),
                h('span', null, h('strong', null, inv.customerId), inv.customer?.name ? h('span', { class: 'muted' }, ` · ${String(inv.customer.name)}`) : null),
                h('code', null, inv.surveyId),
                when(inv.sendAt),
                when(inv.expiresAt),
                t('inv.reminders', { sent: inv.reminders.sent, max: inv.reminders.max }),
                toggle,
              ],
              after: history,
            };
          }),
        ),
      );
    }
    const refused = data.refusals ?? [];
    replaceChildren(
      refusals,
      refused.length
        ? dataTable(
            'refusals-table',
            ['inv.col.when', 'inv.col.customer', 'inv.col.survey', 'inv.col.channel', 'inv.col.reason'],
            refused.map((r) => ({
              attrs: { 'data-testid': 'refusal-row', 'data-reason': r.reason },
              cells: [when(r.at), h('strong', null, r.customerId), h('code', null, r.surveyId), t(`inv.channel.${r.channel}`), h('span', null, statusBadge(r.reason, t(`inv.reason.${r.reason}`)), h('span', { class: 'muted small' }, ` ${t(`inv.reason.${r.reason}.why`)}`))],
            })),
          )
        : h('p', { class: 'empty' }, t('inv.refusals.none')),
    );
  }

  return {
    el,
    load: () => loadWith(),
    redraw,
    reset() {
      data = null;
      open.clear();
      filter.value = '';
      replaceChildren(list);
      replaceChildren(refusals);
      say(listError, '');
    },
  };
}
