/** A survey's audit log: who did what to it, newest first (GET /admin/api/audit). */
import type { AuditEntry } from '../../../src/core/ports.js';
import { h, replaceChildren } from '../../shared/dom.js';
import { errorText } from '../api.js';
import { absoluteTime, relativeTime, str } from '../format.js';
import { attr, intlLocale, t, text } from '../lang.js';
import type { StaffContext } from '../page.js';
import { button } from '../ui.js';

export interface AuditView {
  el: HTMLElement;
  /** Loads the log of this survey (nothing for one not saved yet). */
  load(surveyId: string, isNew: boolean): Promise<void>;
  clear(): void;
}

export function createAudit(ctx: StaffContext): AuditView {
  const list = h('ol', { class: 'audit', 'data-testid': 'admin-audit', 'aria-labelledby': 'h-audit' });
  let seq = 0;
  let shown: { id: string; isNew: boolean } | null = null;
  const refresh = button({ class: 'btn btn-quiet' }, () => shown && void view.load(shown.id, shown.isNew), text('audit.refresh'));
  const el = h('section', { class: 'panel', 'aria-labelledby': 'h-audit' }, h('div', { class: 'panel-head' }, h('h3', { id: 'h-audit' }, text('audit.title')), refresh), list);
  attr(list, 'aria-label', 'audit.title');

  const entry = (e: AuditEntry) => {
    const action = str(e.action);
    const version = typeof e.version === 'number' ? e.version : undefined;
    const what = t(`audit.action.${action}`, { version: version ?? '' });
    return h(
      'li',
      { class: 'audit-entry', 'data-action': action },
      h('time', { datetime: str(e.at), title: absoluteTime(e.at, intlLocale()) }, relativeTime(e.at, Date.now(), intlLocale(), t)),
      h('span', { class: 'audit-what' }, h('strong', null, str(e.actor) || t('audit.someone')), ` ${what}`),
      e.comment ? h('span', { class: 'audit-comment' }, `“${str(e.comment)}”`) : null,
    );
  };

  const view: AuditView = {
    el,
    async load(id, isNew) {
      shown = { id, isNew };
      const mine = ++seq;
      replaceChildren(list);
      if (isNew) return void list.append(h('li', { class: 'none' }, t('audit.empty')));
      try {
        const data = await ctx.api.audit(id, 50);
        if (mine !== seq) return;
        const entries = Array.isArray(data.entries) ? data.entries : [];
        replaceChildren(list, ...(entries.length ? entries.map(entry) : [h('li', { class: 'none' }, t('audit.empty'))]));
      } catch (err) {
        if (mine !== seq) return;
        replaceChildren(list, h('li', { class: 'none' }, t('audit.loadError', { error: errorText(err, t) })));
      }
    },
    clear() {
      seq++;
      shown = null;
      replaceChildren(list);
    },
  };
  return view;
}
