/**
 * The case page's "Customer history" panel: what else Satisfy knows of this case's customer
 * (GET /api/customers/:id/history): whether they said stop, their invitations and what became of
 * them, their other responses and cases. Fetched once per case shown; a case without a customer
 * id shows no panel at all.
 */
import type { EscalationCase } from '../../../src/core/cases.js';
import { h, replaceChildren, show, type Child } from '../../shared/dom.js';
import { errorText, type CustomerHistory } from '../api.js';
import { absoluteTime, relativeTime, str } from '../format.js';
import { intlLocale, onLanguage, t, text } from '../lang.js';
import type { StaffContext } from '../page.js';

const when = (iso: string | null | undefined): Child => (iso ? h('time', { datetime: iso, title: absoluteTime(iso, intlLocale()) }, relativeTime(iso, Date.now(), intlLocale(), t)) : null);
const badge = (value: string, shown: string) => h('span', { class: `badge st-${value}`, 'data-status': value }, shown);

export interface CustomerHistoryPanel {
  el: HTMLElement;
  /** The case now shown: loads its customer's history when the case or customer changed. */
  showFor(c: EscalationCase): void;
  reset(): void;
}

export function customerHistoryPanel(ctx: StaffContext): CustomerHistoryPanel {
  const body = h('div', { class: 'customer-history', 'aria-live': 'polite' });
  const el = h('section', { class: 'panel', 'aria-labelledby': 'h-cust-history', hidden: true, 'data-testid': 'customer-history' }, h('h3', { id: 'h-cust-history' }, text('custHistory.title')), body);
  let shownFor = '';
  let seq = 0;
  let data: CustomerHistory | null = null;
  let failed = '';
  let current: EscalationCase | null = null;

  async function load(c: EscalationCase, customerId: string): Promise<void> {
    const mine = ++seq;
    data = null;
    failed = '';
    replaceChildren(body, h('p', { class: 'muted' }, t('custHistory.loading')));
    try {
      const d = await ctx.api.customerHistory(customerId);
      if (mine !== seq) return;
      data = d;
    } catch (err) {
      if (mine !== seq) return;
      failed = t('custHistory.error', { error: errorText(err, t) });
    }
    if (current?.id === c.id) draw();
  }

  function draw(): void {
    const c = current;
    if (!c) return;
    if (failed) return replaceChildren(body, h('p', { class: 'banner', role: 'alert' }, failed));
    if (!data) return;
    const d = data;
    const invitations = d.invitations ?? [];
    const responses = (d.responses ?? []).filter((r) => r.id !== c.responseId);
    const cases = (d.cases ?? []).filter((x) => x.id !== c.id);
    replaceChildren(
      body,
      h(
        'p',
        { class: 'history-facts', 'data-testid': 'history-optout' },
        d.optedOut
          ? h('span', { class: 'opted-out', 'data-opted-out': 'true' }, t('custHistory.optedOut', { via: t(`custHistory.via.${['email', 'link', 'survey', 'api'].includes(d.optedOut.via) ? d.optedOut.via : 'other'}`) }), ' ', when(d.optedOut.at))
          : h('span', { 'data-opted-out': 'false' }, t('custHistory.mayInvite')),
        d.lastInvitedAt ? h('span', { class: 'muted' }, ' · ', t('custHistory.lastInvited'), ' ', when(d.lastInvitedAt)) : null,
      ),
      h('h4', null, t('custHistory.invitations', { count: invitations.length })),
      invitations.length
        ? h(
            'ul',
            { class: 'history-list', 'data-testid': 'history-invitations' },
            ...invitations.map((i) =>
              h('li', { 'data-status': i.status }, badge(i.status, t(`inv.status.${i.status}`)), h('code', null, i.surveyId), h('span', { class: 'muted' }, t(`inv.channel.${i.channel}`)), when(i.sendAt), i.failure ? h('span', { class: 'csv-error' }, i.failure) : null),
            ),
          )
        : h('p', { class: 'muted' }, t('custHistory.noInvitations')),
      h('h4', null, t('custHistory.responses', { count: responses.length })),
      responses.length
        ? h(
            'ul',
            { class: 'history-list', 'data-testid': 'history-responses' },
            ...responses.map((r) => h('li', null, badge(r.status, t(`results.status.${r.status}`)), h('code', null, r.surveyId), h('span', { class: 'muted' }, r.channel), when(r.completedAt ?? r.startedAt))),
          )
        : h('p', { class: 'muted' }, t('custHistory.noResponses')),
      h('h4', null, t('custHistory.cases', { count: cases.length })),
      cases.length
        ? h(
            'ul',
            { class: 'history-list', 'data-testid': 'history-cases' },
            ...cases.map((x) => h('li', null, h('span', { class: `badge s-${x.status}` }, t(`case.badge.${x.status}`)), h('span', { class: `badge p-${x.priority}` }, t(`priority.${x.priority}`)), when(x.createdAt))),
          )
        : h('p', { class: 'muted' }, t('custHistory.noCases')),
    );
  }

  onLanguage(draw);

  return {
    el,
    showFor(c) {
      current = c;
      const customerId = str(c.customer?.id);
      show(el, !!customerId);
      if (!customerId) {
        shownFor = '';
        seq++;
        return;
      }
      const key = `${c.id}\n${customerId}`;
      if (key === shownFor) return;
      shownFor = key;
      void load(c, customerId);
    },
    reset() {
      seq++;
      shownFor = '';
      data = null;
      current = null;
      failed = '';
      replaceChildren(body);
      show(el, false);
    },
  };
}
