/** The short notice in the corner ("Case claimed …"), read out politely by screen readers. */
import { h } from '../shared/dom.js';

export interface Toaster {
  el: HTMLElement;
  show(text: string): void;
  clear(): void;
}

export function createToaster(ms = 4000): Toaster {
  const el = h('div', { class: 'toast', role: 'status', 'aria-live': 'polite', 'data-testid': 'staff-toast' });
  let timer = 0;
  const clear = () => {
    window.clearTimeout(timer);
    el.textContent = '';
  };
  return {
    el,
    clear,
    show(text) {
      el.textContent = text;
      window.clearTimeout(timer);
      timer = window.setTimeout(() => (el.textContent = ''), ms);
    },
  };
}
