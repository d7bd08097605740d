/** Pieces the distribution page's sections share: a section's frame, tables that stack on a phone, the once-only secret box. */
import { h, type Child } from '../../shared/dom.js';
import { absoluteTime, relativeTime } from '../format.js';
import { attr, intlLocale, t, text } from '../lang.js';
import { button, say } from '../ui.js';

/** One section of the page: drawn from its own state, so a language change only redraws. */
export interface Section {
  el: HTMLElement;
  load(): Promise<void>;
  redraw(): void;
  reset(): void;
}

export const rel = (iso: string | undefined | null) => relativeTime(iso, Date.now(), intlLocale(), t);
export const abs = (iso: string | undefined | null) => absoluteTime(iso, intlLocale());

/** "5 minutes ago", with the full date as its tooltip; a dash when there is no time. */
export function when(iso: string | undefined | null): Child {
  return iso ? h('time', { datetime: iso, title: abs(iso) }, rel(iso)) : h('span', { class: 'muted' }, '—');
}

/** A section with its heading, a line saying what it is for, and tools on the right of the heading. */
export function section(id: string, titleKey: string, introKey: string, tools: HTMLElement[], ...body: Child[]): HTMLElement {
  return h(
    'section',
    { class: 'panel dist-section', 'aria-labelledby': `${id}-title`, id, 'data-testid': id },
    h('div', { class: 'panel-head' }, h('h3', { id: `${id}-title` }, text(titleKey)), h('div', { class: 'row-actions' }, ...tools)),
    h('p', { class: 'muted dist-intro' }, text(introKey)),
    ...body,
  );
}

/** An error line of a section (role=alert), hidden while empty. */
export function errorLine(): HTMLParagraphElement {
  return h('p', { class: 'banner', role: 'alert', hidden: true });
}
export { say };

export interface TableRow {
  cells: Child[];
  attrs?: Record<string, string>;
  /** A row under this one spanning the table (an invitation's history). */
  after?: HTMLTableRowElement | null;
}

/**
 * A table whose rows become cards on a phone: each cell carries its column's name (data-label),
 * which the stylesheet shows before the value when the table stacks (distribution.css).
 */
export function dataTable(testid: string, columnKeys: string[], rows: TableRow[]): HTMLElement {
  const labels = columnKeys.map((k) => t(k));
  return h(
    'div',
    { class: 'table-wrap stack-table' },
    h(
      'table',
      { class: 'data', 'data-testid': testid },
      h('thead', null, h('tr', null, ...labels.map((l) => h('th', { scope: 'col' }, l)))),
      h(
        'tbody',
        null,
        ...rows.flatMap((r) => [h('tr', r.attrs ?? null, ...r.cells.map((c, i) => h('td', { 'data-label': labels[i] ?? '' }, c))), r.after ?? null].filter((x): x is HTMLTableRowElement => !!x)),
      ),
    ),
  );
}

/** A badge for a status word; `kind` picks its colour in distribution.css (st-<value>). */
export function statusBadge(value: string, shown: string): HTMLElement {
  return h('span', { class: `badge st-${value}`, 'data-status': value }, shown);
}

/** Copies text, with the old way as a fallback where the Clipboard API is refused. */
async function copy(value: string, input: HTMLInputElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(value);
    return true;
  } catch {
    input.select();
    // Deprecated, but the only copy a page has where the Clipboard API is refused.
    return document.execCommand('copy');
  }
}

/**
 * A secret shown once (an API key, a webhook secret): a read-only box to copy it from, the
 * warning that it will not be shown again, and a button that puts it away for good.
 */
export function secretBox(testid: string, labelKey: string, value: string, toast: (s: string) => void, onDone: () => void): HTMLElement {
  const id = `${testid}-value`;
  const input = h('input', { id, type: 'text', readonly: true, value, class: 'secret-value', spellcheck: 'false', autocomplete: 'off', 'data-testid': `${testid}-value` });
  const status = h('span', { class: 'muted', role: 'status' });
  const copyBtn = button({ class: 'btn btn-primary', 'data-testid': `${testid}-copy` }, () => {
    void copy(value, input).then((ok) => {
      say(status, ok ? t('secret.copied') : t('secret.copyFailed'));
      status.hidden = false;
      if (ok) toast(t('secret.copied'));
    });
  }, text('secret.copy'));
  const done = button({ class: 'btn', 'data-testid': `${testid}-done` }, () => onDone(), text('secret.done'));
  on(input, () => input.select());
  return h(
    'div',
    { class: 'secret-box', role: 'region', 'aria-labelledby': `${id}-label`, 'data-testid': testid },
    h('label', { for: id, id: `${id}-label` }, text(labelKey)),
    h('div', { class: 'secret-row' }, input, copyBtn),
    h('p', { class: 'secret-note' }, h('strong', null, text('secret.once')), ' ', text('secret.onceWhy')),
    h('div', { class: 'row-actions' }, done, status),
  );
}

function on(input: HTMLInputElement, fn: () => void): void {
  input.addEventListener('focus', fn);
}

/** A checkbox with its label. */
export function check(id: string, labelKey: string, value: string, checked: boolean, testid?: string): { el: HTMLElement; input: HTMLInputElement } {
  const input = h('input', { type: 'checkbox', id, value, checked, ...(testid ? { 'data-testid': testid } : {}) });
  return { el: h('label', { class: 'check', for: id }, input, text(labelKey)), input };
}

/** An input with a translated placeholder. */
export function placeholder<E extends HTMLInputElement>(el: E, key: string): E {
  return attr(el, 'placeholder', key);
}
