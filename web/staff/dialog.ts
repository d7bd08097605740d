/** A modal question in the page's own look (never the browser's confirm()). */
import { h } from '../shared/dom.js';
import { text } from './lang.js';
import { button } from './ui.js';

export interface Asker {
  el: HTMLDialogElement;
  /** Resolves true for OK; a second question answers the first with false. */
  ask(title: string, body: string, okLabel: string): Promise<boolean>;
}

export function createAsker(): Asker {
  const title = h('h2', { id: 'confirm-title' });
  const body = h('p', { id: 'confirm-text' });
  let pending: ((ok: boolean) => void) | null = null;
  const answer = (ok: boolean) => {
    const r = pending;
    pending = null;
    if (el.open) el.close();
    r?.(ok);
  };
  const ok = button({ class: 'btn btn-primary', 'data-testid': 'staff-confirm-ok' }, () => answer(true));
  const cancel = button({ class: 'btn btn-quiet', 'data-testid': 'staff-confirm-cancel' }, () => answer(false), text('common.cancel'));
  const el = h(
    'dialog',
    { class: 'confirm card', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-text' },
    h('div', { class: 'confirm-form' }, title, body, h('div', { class: 'row-actions' }, ok, cancel)),
  );
  el.addEventListener('close', () => answer(false)); // Escape
  return {
    el,
    ask(t, b, okLabel) {
      if (pending) pending(false);
      title.textContent = t;
      body.textContent = b;
      ok.textContent = okLabel;
      return new Promise((resolve) => {
        pending = resolve;
        if (typeof el.showModal === 'function') el.showModal();
        else el.setAttribute('open', '');
        cancel.focus();
      });
    },
  };
}
