/**
 * Canned replies (/staff/replies; admins): the replies agents pick in the reply box, with a
 * title and a text per language. The server's file (CANNED_REPLIES_FILE) is the default; what is
 * changed here is kept in the store over it, for every instance: edit, add, delete, and bring a
 * file reply back as the file has it. Each change names the version it was made from; when
 * someone else changed the reply meanwhile, the server refuses and the page reloads it.
 * Reply text is data: text nodes and form values only.
 */
import { h, replaceChildren, show, type Child } from '../../shared/dom.js';
import { ApiError, errorText, type CannedReplyBody, type CannedReplyView } from '../api.js';
import { cannedTitle, fillCanned } from '../console/cannedFill.js';
import { dataTable, errorLine, statusBadge, when } from '../distribution/parts.js';
import { STAFF_LOCALES } from '../i18n.js';
import { intlLocale, onLanguage, t, text } from '../lang.js';
import type { StaffContext, StaffPage } from '../page.js';
import { button, on, say, setBusy } from '../ui.js';

const PLACEHOLDERS = ['{name}', '{orderId}', '{customerId}', '{agent}'];
const SAMPLE = { name: 'Zoë', orderId: 'ORD-1042', customerId: 'c-77', agent: 'Ana' };

/** The reply being edited: a new one (no id yet) or a stored one at a version. */
interface Editing {
  id: string | null;
  version: number;
  locales: string[];
}

export function createRepliesPage(ctx: StaffContext): StaffPage {
  const listError = errorLine();
  const list = h('div', { 'data-testid': 'canned-list' });
  const addBtn = button({ class: 'btn btn-primary', 'data-testid': 'canned-add' }, () => edit(null), text('cannedEd.add'));

  const idInput = h('input', { id: 'canned-id', type: 'text', maxlength: '64', autocomplete: 'off', spellcheck: 'false', 'data-testid': 'canned-id' });
  const idField = h('div', { class: 'field' }, h('label', { for: 'canned-id' }, text('cannedEd.id')), idInput, h('p', { class: 'muted small' }, text('cannedEd.idHint')));
  const rows = h('div', { class: 'canned-locales' });
  const localeAdd = h('input', { id: 'canned-locale-add', type: 'text', maxlength: '12', autocomplete: 'off', spellcheck: 'false', 'data-testid': 'canned-locale-add' });
  const localeAddBtn = button({ class: 'btn btn-quiet' }, () => addLocale(), text('cannedEd.addLocale'));
  const save = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'canned-save' }, text('cannedEd.save'));
  const cancel = button({ class: 'btn btn-quiet' }, () => closeEditor(), text('cannedEd.cancel'));
  const formError = errorLine();
  formError.setAttribute('data-testid', 'canned-error');
  const formTitle = h('h3', { id: 'canned-form-title', tabindex: '-1' });
  const form = h(
    'form',
    { class: 'panel dist-section canned-form', 'aria-labelledby': 'canned-form-title', hidden: true, novalidate: true, 'data-testid': 'canned-form' },
    formTitle,
    idField,
    h('p', { class: 'muted small' }, text('cannedEd.placeholders', { list: PLACEHOLDERS.join(' ') })),
    rows,
    h('div', { class: 'field' }, h('label', { for: 'canned-locale-add' }, text('cannedEd.otherLocale')), h('div', { class: 'route-row' }, localeAdd, localeAddBtn)),
    formError,
    h('div', { class: 'row-actions' }, save, cancel),
  );

  const el = h(
    'div',
    { class: 'page page-replies', hidden: true, 'data-page': 'replies' },
    h(
      'div',
      { class: 'dist-ws' },
      h('div', { class: 'dist-head' }, h('div', null, h('h2', { id: 'canned-title', tabindex: '-1' }, text('cannedEd.title')), h('p', { class: 'muted' }, text('cannedEd.intro')))),
      h('section', { class: 'panel dist-section', 'aria-labelledby': 'canned-list-title' }, h('div', { class: 'panel-head' }, h('h3', { id: 'canned-list-title' }, text('cannedEd.listTitle')), h('div', { class: 'row-actions' }, addBtn)), listError, list),
      form,
    ),
  );

  let replies: CannedReplyView[] = [];
  let loaded = false;
  let visible = false;
  let editing: Editing | null = null;

  async function load(): Promise<void> {
    try {
      replies = (await ctx.api.cannedManage()).replies ?? [];
      loaded = true;
      say(listError, '');
      redraw();
    } catch (err) {
      say(listError, t('cannedEd.loadError', { error: errorText(err, t) }));
    }
  }

  function redraw(): void {
    if (!loaded) return;
    replaceChildren(
      list,
      replies.length
        ? dataTable(
            'canned-table',
            ['cannedEd.col.reply', 'cannedEd.col.languages', 'cannedEd.col.source', 'cannedEd.col.changed', 'cannedEd.col.actions'],
            replies.map((r) => ({ attrs: { 'data-reply': r.id, 'data-testid': 'canned-row' }, cells: row(r) })),
          )
        : h('p', { class: 'empty' }, t('cannedEd.none')),
    );
  }

  function row(r: CannedReplyView): Child[] {
    const actions = h('div', { class: 'row-actions' });
    if (!r.deleted) {
      actions.append(button({ class: 'btn', 'data-testid': 'canned-edit' }, () => edit(r), text('cannedEd.edit')));
      actions.append(button({ class: 'btn btn-quiet danger', 'data-testid': 'canned-delete' }, (e) => void remove(r, e.currentTarget as HTMLButtonElement), text('cannedEd.delete')));
    }
    if (r.source === 'edited') actions.append(button({ class: 'btn btn-quiet', 'data-testid': 'canned-restore' }, (e) => void restore(r, e.currentTarget as HTMLButtonElement), text('cannedEd.restore')));
    const status = r.deleted ? 'deleted' : r.source;
    return [
      h('span', null, h('strong', null, cannedTitle(r, intlLocale())), h('span', { class: 'muted small' }, ` · ${r.id}`)),
      Object.keys(r.text).join(', '),
      statusBadge(status === 'deleted' ? 'revoked' : status === 'file' ? 'active' : 'scheduled', t(`cannedEd.source.${status}`)),
      r.updatedAt ? h('span', null, when(r.updatedAt), r.updatedBy ? ` · ${r.updatedBy}` : '') : h('span', { class: 'muted' }, '—'),
      actions,
    ];
  }

  // ---------------------------------------------------------------- the editor
  function localeRow(locale: string, title: string, body: string): HTMLElement {
    const titleId = `canned-title-${locale}`;
    const textId = `canned-text-${locale}`;
    const titleInput = h('input', { id: titleId, type: 'text', maxlength: '120', 'data-locale': locale, 'data-testid': `canned-title-${locale}` });
    titleInput.value = title;
    const textInput = h('textarea', { id: textId, rows: '3', maxlength: '2000', 'data-locale': locale, 'data-testid': `canned-text-${locale}` });
    textInput.value = body;
    const preview = h('p', { class: 'muted small canned-preview', 'data-testid': `canned-preview-${locale}` });
    const drawPreview = () => {
      const filled = fillCanned(textInput.value, SAMPLE).text.trim();
      preview.textContent = filled ? t('cannedEd.preview', { text: filled }) : '';
    };
    on(textInput, 'input', drawPreview);
    drawPreview();
    return h(
      'fieldset',
      { class: 'canned-locale', 'data-locale': locale },
      h('legend', null, locale),
      h('div', { class: 'field' }, h('label', { for: titleId }, text('cannedEd.replyTitle')), titleInput),
      h('div', { class: 'field' }, h('label', { for: textId }, text('cannedEd.text')), textInput, preview),
    );
  }

  function edit(r: CannedReplyView | null): void {
    const locales = [...new Set([...STAFF_LOCALES, ...Object.keys(r?.title ?? {}), ...Object.keys(r?.text ?? {})])];
    editing = { id: r?.id ?? null, version: r?.version ?? 0, locales };
    formTitle.textContent = r ? t('cannedEd.editing', { title: cannedTitle(r, intlLocale()) }) : t('cannedEd.new');
    show(idField, !r);
    idInput.value = '';
    replaceChildren(rows, ...locales.map((l) => localeRow(l, r?.title[l] ?? '', r?.text[l] ?? '')));
    say(formError, '');
    show(form, true);
    (r ? rows.querySelector<HTMLElement>('textarea') : idInput)?.focus();
  }

  function addLocale(): void {
    const locale = localeAdd.value.trim();
    if (!editing || !locale) return;
    if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(locale)) return say(formError, t('cannedEd.error.locale', { locale }));
    if (!editing.locales.includes(locale)) {
      editing.locales.push(locale);
      rows.append(localeRow(locale, '', ''));
    }
    localeAdd.value = '';
    say(formError, '');
  }

  function closeEditor(): void {
    editing = null;
    show(form, false);
    replaceChildren(rows);
  }

  /** What the form says, per locale, leaving out the languages left empty. */
  function body(): CannedReplyBody {
    const title: Record<string, string> = {};
    const textBy: Record<string, string> = {};
    for (const input of rows.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input[data-locale], textarea[data-locale]')) {
      const value = input.value.trim();
      if (!value) continue;
      (input instanceof HTMLTextAreaElement ? textBy : title)[input.getAttribute('data-locale')!] = value;
    }
    return { title, text: textBy };
  }

  on(form, 'submit', (e) => {
    e.preventDefault();
    void submit();
  });
  // A complaint is about what was sent: once the admin changes the text, it no longer applies.
  on(form, 'input', () => say(formError, ''));

  async function submit(): Promise<void> {
    const was = editing;
    if (!was) return;
    const b = body();
    if (!Object.keys(b.text).length) return say(formError, t('cannedEd.error.text'));
    if (!Object.keys(b.title).length) return say(formError, t('cannedEd.error.title'));
    const id = was.id ?? idInput.value.trim();
    if (!id) {
      idInput.focus();
      return say(formError, t('cannedEd.error.id'));
    }
    say(formError, '');
    setBusy(save, true);
    try {
      const { reply } = was.id ? await ctx.api.cannedUpdate(was.id, b, was.version) : await ctx.api.cannedCreate(id, b);
      ctx.toast(t('cannedEd.saved', { title: cannedTitle(reply, intlLocale()) }));
      closeEditor();
      await load();
    } catch (err) {
      say(formError, errorText(err, t));
      // Changed by someone else meanwhile: the list shows their version; nothing typed here is lost.
      if (err instanceof ApiError && err.code === 'CANNED_REPLY_CHANGED') {
        await load();
        const fresh = replies.find((r) => r.id === was.id);
        if (fresh && editing) editing.version = fresh.version;
      }
    } finally {
      setBusy(save, false);
    }
  }

  async function remove(r: CannedReplyView, btn: HTMLButtonElement): Promise<void> {
    const title = cannedTitle(r, intlLocale());
    if (!(await ctx.ask(t('cannedEd.deleteAsk.title', { title }), t(r.source === 'added' ? 'cannedEd.deleteAsk.added' : 'cannedEd.deleteAsk.file'), t('cannedEd.delete')))) return;
    setBusy(btn, true);
    try {
      await ctx.api.cannedDelete(r.id, r.version);
      ctx.toast(t('cannedEd.deleted', { title }));
      if (editing?.id === r.id) closeEditor();
      await load();
    } catch (err) {
      say(listError, errorText(err, t));
      setBusy(btn, false);
      if (err instanceof ApiError && err.code === 'CANNED_REPLY_CHANGED') await load();
    }
  }

  async function restore(r: CannedReplyView, btn: HTMLButtonElement): Promise<void> {
    const title = cannedTitle(r, intlLocale());
    if (!(await ctx.ask(t('cannedEd.restoreAsk.title', { title }), t('cannedEd.restoreAsk.body'), t('cannedEd.restore')))) return;
    setBusy(btn, true);
    try {
      await ctx.api.cannedRestore(r.id);
      ctx.toast(t('cannedEd.restored', { title }));
      if (editing?.id === r.id) closeEditor();
      await load();
    } catch (err) {
      say(listError, errorText(err, t));
      setBusy(btn, false);
    }
  }

  onLanguage(() => {
    redraw();
    if (visible) ctx.setTitle(t('cannedEd.title'));
  });

  return {
    el,
    enter() {
      visible = true;
      show(el, true);
      ctx.setTitle(t('cannedEd.title'));
      void load();
    },
    leave() {
      visible = false;
      show(el, false);
    },
    reset() {
      visible = false;
      show(el, false);
      replies = [];
      loaded = false;
      closeEditor();
      replaceChildren(list);
      say(listError, '');
    },
    hash: () => '',
  };
}
