/**
 * Distribution (/staff/distribution; admins): API keys for shops' backends, sending invitations
 * from a CSV file, the newest invitations and refusals, the scheduler's dead letters, and webhook
 * endpoints (docs/distribution.md, docs/webhooks.md). A chunk of its own (main.ts loads it with
 * import()); the CSV parser is a further chunk, fetched when a file is picked.
 *
 * Customer details and server messages are data: text nodes only.
 */
import { h } from '../../shared/dom.js';
import { onLanguage, t, text } from '../lang.js';
import type { StaffContext, StaffPage } from '../page.js';
import { button, setBusy } from '../ui.js';
import { apiKeysSection } from './apiKeysSection.js';
import { csvUploadSection } from './csvUploadSection.js';
import { invitationsSection } from './invitationsSection.js';
import type { Section } from './parts.js';
import { schedulerSection } from './schedulerSection.js';
import { webhooksSection } from './webhooksSection.js';

export function createDistributionPage(ctx: StaffContext): StaffPage {
  const invitations = invitationsSection(ctx);
  const scheduler = schedulerSection(ctx, () => void invitations.load());
  const upload = csvUploadSection(ctx, () => void Promise.all([invitations.load(), scheduler.load()]));
  const keys = apiKeysSection(ctx);
  const hooks = webhooksSection(ctx);
  const sections: Section[] = [keys, upload, invitations, scheduler, hooks];

  const refresh = button({ class: 'btn', 'data-testid': 'dist-refresh' }, () => void loadAll(refresh), text('dist.refreshAll'));
  const jump = (id: string, key: string) => h('a', { href: `#${id}`, class: 'chip jump' }, text(key));
  const el = h(
    'div',
    { class: 'page page-distribution', hidden: true, 'data-page': 'distribution' },
    h(
      'div',
      { class: 'dist-ws' },
      h(
        'div',
        { class: 'dist-head' },
        h('div', null, h('h2', { id: 'dist-title', tabindex: '-1' }, text('dist.title')), h('p', { class: 'muted' }, text('dist.intro'))),
        refresh,
      ),
      h(
        'nav',
        { class: 'dist-jumps', 'aria-labelledby': 'dist-title' },
        jump('dist-keys', 'keys.title'),
        jump('dist-upload', 'csv.title'),
        jump('dist-invitations', 'inv.title'),
        jump('dist-jobs', 'jobs.title'),
        jump('dist-hooks', 'hooks.title'),
      ),
      ...sections.map((s) => s.el),
    ),
  );
  // The jump links scroll; they must not change the URL fragment the shell keeps for pages.
  el.addEventListener('click', (e) => {
    const a = (e.target as Element).closest?.('a.jump');
    if (!a) return;
    e.preventDefault();
    document.getElementById(a.getAttribute('href')!.slice(1))?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  });

  let visible = false;
  async function loadAll(btn?: HTMLButtonElement): Promise<void> {
    if (btn) setBusy(btn, true);
    await Promise.all(sections.map((s) => s.load()));
    if (btn) setBusy(btn, false);
  }

  onLanguage(() => {
    for (const s of sections) s.redraw();
    if (visible) ctx.setTitle(t('dist.title'));
  });

  return {
    el,
    enter() {
      visible = true;
      el.hidden = false;
      ctx.setTitle(t('dist.title'));
      void loadAll();
    },
    leave() {
      visible = false;
      el.hidden = true;
    },
    reset() {
      visible = false;
      el.hidden = true;
      for (const s of sections) s.reset();
    },
    hash: () => '',
  };
}
