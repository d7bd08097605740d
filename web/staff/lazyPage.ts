/**
 * A page whose code is a chunk of its own, fetched with import() the first time it is shown
 * (the results page and its charts), so the pages people open every day do not pay for it.
 * Until the chunk is there it is an empty box; if it cannot be fetched, a message and a retry.
 */
import { h, replaceChildren, show } from '../shared/dom.js';
import { t, text } from './lang.js';
import type { StaffContext, StaffPage } from './page.js';
import { button } from './ui.js';

export type PageFactory = (ctx: StaffContext) => StaffPage;

export function lazyPage(ctx: StaffContext, id: string, load: () => Promise<PageFactory>): StaffPage & { loaded(): StaffPage | null } {
  const el = h('div', { class: 'page-slot', hidden: true, 'data-page-slot': id });
  let page: StaffPage | null = null;
  let loading: Promise<StaffPage | null> | null = null;
  let visible = false;

  function ensure(): Promise<StaffPage | null> {
    loading ??= load().then(
      (create) => {
        page = create(ctx);
        replaceChildren(el, page.el);
        return page;
      },
      () => {
        loading = null;
        const retry = button({ class: 'btn' }, () => {
          replaceChildren(el);
          void ensure().then((p) => visible && p?.enter());
        }, text('lazy.retry'));
        replaceChildren(el, h('div', { class: 'signin' }, h('div', { class: 'card signin-card', role: 'alert' }, h('p', null, t('lazy.failed')), retry)));
        return null;
      },
    );
    return loading;
  }

  return {
    el,
    enter() {
      visible = true;
      show(el, true);
      if (page) return page.enter();
      void ensure().then((p) => visible && p?.enter());
    },
    leave() {
      visible = false;
      show(el, false);
      page?.leave();
    },
    reset() {
      visible = false;
      show(el, false);
      page?.reset();
    },
    hash: () => page?.hash() ?? '',
    loaded: () => page,
  };
}
