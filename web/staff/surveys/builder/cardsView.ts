/**
 * The question cards beside the YAML editor: each question's texts per locale side by side (a
 * missing one is marked), its type, scale, required and aspect, its problems in plain words,
 * and buttons to add, duplicate, delete and move questions. Every change goes into the same
 * YAML document (cards.ts) and from there into the editor, so both views always show one text.
 * Loaded with import() with the editor: it brings the `yaml` library, which the rest of the
 * staff app does not need.
 */
import { h, replaceChildren } from '../../../shared/dom.js';
import { attr, language, t, text } from '../../lang.js';
import { button, on } from '../../ui.js';
import type { PlainProblem } from '../problemText.js';
import { addQuestion, deleteQuestion, duplicateQuestion, moveQuestion, QUESTION_TYPES, readSurvey, SCALES, setField, setText, toText, type Card, type Field, type Survey } from './cards.js';

export interface CardsView {
  el: HTMLElement;
  /** The editor's text changed (typed, loaded): read it again and redraw. */
  showText(text: string): void;
  /** The latest problems, for the cards they belong to. */
  showProblems(problems: readonly PlainProblem[]): void;
  /** Ids of questions, for naming problems. */
  questionIds(): string[];
  redraw(): void;
}

export interface CardsOptions {
  /** A card changed the document: the editor takes the new text (and validates it). */
  onEdit(text: string): void;
}

export function createCardsView({ onEdit }: CardsOptions): CardsView {
  const list = h('ol', { class: 'cards', 'data-testid': 'builder-cards' });
  const unreadable = h('p', { class: 'banner warn', hidden: true, 'data-testid': 'builder-unreadable' });
  const addType = attr(h('select', { 'data-testid': 'builder-add-type' }, ...QUESTION_TYPES.map((q) => h('option', { value: q }, text(`builder.type.${q}`)))), 'aria-label', 'builder.addType');
  const addBtn = button({ class: 'btn', 'data-testid': 'builder-add' }, () => edit((s) => addQuestion(s.doc, addType.value, s.cards.length ? s.cards.length - 1 : undefined)), text('builder.add'));
  const el = h(
    'section',
    { class: 'panel builder-panel', 'aria-labelledby': 'h-builder', 'data-testid': 'builder' },
    h('div', { class: 'panel-head' }, h('h3', { id: 'h-builder' }, text('builder.title'))),
    h('p', { class: 'muted small' }, text('builder.note')),
    unreadable,
    list,
    h('div', { class: 'row-actions' }, addType, addBtn),
  );

  let survey: Survey | undefined;
  let problems: readonly PlainProblem[] = [];
  /** Where focus was, so a redraw after an edit puts it back. */
  let focusKey: string | null = null;
  let drawn = new Map<string, HTMLElement>();

  function edit(change: (s: Survey) => number | void): void {
    if (!survey) return;
    change(survey);
    const text = toText(survey.doc, survey.padded);
    survey = readSurvey(text) ?? survey;
    onEdit(text);
    draw();
  }

  function draw(): void {
    unreadable.hidden = !!survey;
    unreadable.textContent = survey ? '' : t('builder.unreadable');
    if (!survey) return void replaceChildren(list);
    const active = document.activeElement;
    focusKey = active instanceof HTMLElement && list.contains(active) ? (active.dataset.key ?? null) : null;
    const caret = active instanceof HTMLTextAreaElement || (active instanceof HTMLInputElement && active.type === 'text') ? [active.selectionStart, active.selectionEnd] : null;
    const { locales, cards } = survey;
    // A card whose content is unchanged keeps its elements, so typing is never redrawn under the cursor.
    const next = new Map<string, HTMLElement>();
    replaceChildren(
      list,
      ...cards.map((c) => {
        const key = JSON.stringify([c, locales, cards.length, problems.filter((p) => p.questionIndex === c.index).map((p) => p.text), language()]);
        const el = drawn.get(key) ?? card(c, locales, cards.length);
        next.set(key, el);
        return el;
      }),
    );
    drawn = next;
    const again = focusKey ? (list.querySelector(`[data-key="${CSS.escape(focusKey)}"]`) as HTMLElement | null) : null;
    if (again) {
      again.focus();
      if (caret && (again instanceof HTMLTextAreaElement || again instanceof HTMLInputElement)) again.setSelectionRange(caret[0] ?? null, caret[1] ?? null);
    }
  }

  function field(c: Card, name: Field, input: HTMLInputElement | HTMLSelectElement, label: string): HTMLElement {
    input.dataset.key = `${c.index}:${name}`;
    input.setAttribute('data-testid', `builder-${name}`);
    on(input, 'change', () => edit((s) => setField(s.doc, c.index, name, input instanceof HTMLInputElement && input.type === 'checkbox' ? input.checked : input.value.trim())));
    return h('label', { class: 'card-field' }, h('span', { class: 'small muted' }, label), input);
  }

  function card(c: Card, locales: string[], count: number): HTMLElement {
    const id = h('input', { type: 'text', value: c.id, maxlength: '64', spellcheck: 'false' });
    const type = h('select', null, ...QUESTION_TYPES.map((q) => h('option', { value: q, selected: q === c.type }, t(`builder.type.${q}`))));
    const scale = h('select', null, ...SCALES.map((s) => h('option', { value: s, selected: s === c.scale }, t(`builder.scale.${s}`))), c.scale === 'custom' ? h('option', { value: 'custom', selected: true, disabled: true }, t('builder.scale.custom')) : null);
    const required = h('input', { type: 'checkbox', checked: c.required });
    const aspect = h('input', { type: 'text', value: c.aspect, maxlength: '64', spellcheck: 'false' });
    const texts = locales.map((l) => {
      const ta = h('textarea', { rows: 2, 'data-testid': `builder-text-${l}`, 'data-key': `${c.index}:text:${l}`, lang: l }) as HTMLTextAreaElement;
      ta.value = c.texts[l] ?? '';
      // Typing changes the YAML at once, but the cards are not redrawn under the cursor.
      on(ta, 'input', () => {
        if (!survey) return;
        setText(survey.doc, c.index, l, ta.value);
        const text = toText(survey.doc, survey.padded);
        survey = readSurvey(text) ?? survey;
        onEdit(text);
      });
      const missing = c.missing.includes(l);
      return h('label', { class: missing ? 'card-text missing' : 'card-text' }, h('span', { class: 'small' }, l, missing ? h('span', { class: 'badge b-draft', 'data-testid': 'builder-missing' }, ` ${t('builder.missing')}`) : null), ta);
    });
    const mine = problems.filter((p) => p.questionIndex === c.index);
    return h(
      'li',
      { class: mine.length ? 'card has-problems' : 'card', 'data-testid': 'builder-card', 'data-question-id': c.id },
      h('div', { class: 'card-head' }, h('strong', null, `${c.index + 1}. `), field(c, 'id', id, t('builder.id')), field(c, 'type', type, t('builder.type')), c.type === 'rating' ? field(c, 'scale', scale, t('builder.scale')) : null, field(c, 'required', required, t('builder.required')), field(c, 'aspect', aspect, t('builder.aspect'))),
      c.type === 'kano' ? h('p', { class: 'small muted' }, t('builder.kanoNote')) : h('div', { class: 'card-texts' }, ...texts),
      mine.length ? h('ul', { class: 'card-problems', 'data-testid': 'builder-card-problems' }, ...mine.map((p) => h('li', null, p.text, ' ', h('span', { class: 'muted' }, t('plain.fix', { hint: p.hint }))))) : null,
      h(
        'div',
        { class: 'row-actions' },
        button({ class: 'btn btn-quiet', disabled: c.index === 0, 'data-testid': 'builder-up' }, () => edit((s) => moveQuestion(s.doc, c.index, -1)), t('builder.up')),
        button({ class: 'btn btn-quiet', disabled: c.index === count - 1, 'data-testid': 'builder-down' }, () => edit((s) => moveQuestion(s.doc, c.index, 1)), t('builder.down')),
        button({ class: 'btn btn-quiet', 'data-testid': 'builder-duplicate' }, () => edit((s) => duplicateQuestion(s.doc, c.index)), t('builder.duplicate')),
        button({ class: 'btn btn-quiet', 'data-testid': 'builder-delete' }, () => edit((s) => deleteQuestion(s.doc, c.index)), t('builder.delete')),
      ),
    );
  }

  return {
    el,
    showText(text) {
      survey = readSurvey(text);
      draw();
    },
    showProblems(next) {
      problems = next;
      draw();
    },
    questionIds: () => survey?.cards.map((c) => c.id) ?? [],
    redraw: draw,
  };
}
