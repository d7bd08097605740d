/**
 * The survey as cards under the YAML editor: the questions (texts per locale side by side, type,
 * scale or choices, required, aspect, when it is asked, where it leads), the endings and the
 * escalation rules, each with its problems in plain words. Questions are reordered by dragging
 * or with Move up / Move down, and each move is announced to screen readers. Every change goes
 * into the same YAML document (cards.ts and its neighbours) and from there into the editor, so
 * both views always show one text. Loaded with import() with the editor: it brings the `yaml`
 * library and jsep, which the rest of the staff app does not need.
 */
import { h, replaceChildren } from '../../../shared/dom.js';
import { attr, language, t, text } from '../../lang.js';
import { button, on } from '../../ui.js';
import type { PlainProblem } from '../problemText.js';
import { cardField, localeTexts, problemList, problemsAt, type Editing } from './builderKit.js';
import { addQuestion, deleteQuestion, duplicateQuestion, moveQuestion, moveQuestionTo, QUESTION_TYPES, readSurvey, SCALES, setField, setText, toText, type Card, type Field, type Survey } from './cards.js';
import { choicesView } from './choicesView.js';
import { contextAt, setCondition } from './conditions.js';
import { conditionView } from './conditionView.js';
import { endingCard } from './endingCard.js';
import { addEnding } from './endings.js';
import { jumpsView } from './jumpsView.js';
import { ruleCard } from './ruleCard.js';
import { addRule } from './rules.js';
import { scaleView } from './scaleView.js';

export interface CardsView {
  el: HTMLElement;
  /** The editor's text changed (typed, loaded): read it again and redraw. */
  showText(text: string): void;
  /** The latest problems, for the cards they belong to. */
  showProblems(problems: readonly PlainProblem[]): void;
  /** Ids of questions, for naming problems. */
  questionIds(): string[];
  /** Ids of the questions, endings and rules, for naming where a problem is. */
  scriptIds(): { questions: string[]; endings: string[]; escalation: string[] };
  redraw(): void;
}

export interface CardsOptions {
  /** A card changed the document: the editor takes the new text (and validates it). */
  onEdit(text: string): void;
}

/** A question's first words in the survey's first locale, to name it in lists. */
const NAME_LENGTH = 40;

export function createCardsView({ onEdit }: CardsOptions): CardsView {
  const list = h('ol', { class: 'cards', 'data-testid': 'builder-cards' });
  const endingList = h('ol', { class: 'cards', 'data-testid': 'builder-endings' });
  const ruleList = h('ol', { class: 'cards', 'data-testid': 'builder-rules' });
  const unreadable = h('p', { class: 'banner warn', hidden: true, 'data-testid': 'builder-unreadable' });
  const live = h('p', { class: 'visually-hidden', 'aria-live': 'polite', 'data-testid': 'builder-live' });
  const addType = attr(h('select', { 'data-testid': 'builder-add-type' }, ...QUESTION_TYPES.map((q) => h('option', { value: q }, text(`builder.type.${q}`)))), 'aria-label', 'builder.addType');
  const addBtn = button({ class: 'btn', 'data-testid': 'builder-add' }, () => io.edit((s) => addQuestion(s.doc, addType.value, s.cards.length ? s.cards.length - 1 : undefined)), text('builder.add'));
  const sections = h(
    'div',
    { class: 'builder-parts' },
    h('h4', { id: 'h-builder-endings' }, text('builder.endings.title')),
    h('p', { class: 'muted small' }, text('builder.endings.note')),
    endingList,
    h('div', { class: 'row-actions' }, button({ class: 'btn', 'data-testid': 'builder-ending-add' }, () => io.edit((s) => addEnding(s.doc)), text('builder.endings.add'))),
    h('h4', { id: 'h-builder-rules' }, text('builder.rules.title')),
    h('p', { class: 'muted small' }, text('builder.rules.note')),
    ruleList,
    h('div', { class: 'row-actions' }, button({ class: 'btn', 'data-testid': 'builder-rule-add' }, () => io.edit((s) => addRule(s.doc)), text('builder.rules.add'))),
  );
  const el = h(
    'section',
    { class: 'panel builder-panel', 'aria-labelledby': 'h-builder', 'data-testid': 'builder' },
    h('div', { class: 'panel-head' }, h('h3', { id: 'h-builder' }, text('builder.title'))),
    h('p', { class: 'muted small' }, text('builder.note')),
    h('p', { class: 'muted small' }, text('builder.dragNote')),
    unreadable,
    live,
    list,
    h('div', { class: 'row-actions' }, addType, addBtn),
    sections,
  );

  let survey: Survey | undefined;
  let problems: readonly PlainProblem[] = [];
  let drawn = new Map<string, HTMLElement>();
  /** The question being dragged, while a drag is under way. */
  let dragFrom: number | null = null;

  const io: Editing = {
    edit(change, announce) {
      if (!survey) return;
      change(survey);
      const text = toText(survey.doc, survey.padded);
      survey = readSurvey(text) ?? survey;
      onEdit(text);
      draw();
      if (announce) say(announce);
    },
    type(change) {
      if (!survey) return;
      change(survey);
      const text = toText(survey.doc, survey.padded);
      survey = readSurvey(text) ?? survey;
      onEdit(text);
    },
  };

  function say(words: string): void {
    // The same words twice in a row are still read: clear first, then say.
    live.textContent = '';
    window.setTimeout(() => (live.textContent = words), 50);
  }

  function names(s: Survey): Record<string, string> {
    const first = s.locales[0] ?? '';
    return Object.fromEntries(
      s.cards.map((c) => {
        const words = c.texts[first] ?? '';
        return [c.id, words.length > NAME_LENGTH ? `${words.slice(0, NAME_LENGTH - 1)}…` : words];
      }),
    );
  }

  /** Reuses a drawn element when nothing it shows changed, so typing is never redrawn under the cursor. */
  function reuse(next: Map<string, HTMLElement>, key: unknown[], make: () => HTMLElement): HTMLElement {
    const k = JSON.stringify(key);
    const e = drawn.get(k) ?? make();
    next.set(k, e);
    return e;
  }

  function draw(): void {
    unreadable.hidden = !!survey;
    unreadable.textContent = survey ? '' : t('builder.unreadable');
    sections.hidden = !survey;
    if (!survey) {
      replaceChildren(list);
      replaceChildren(endingList);
      return void replaceChildren(ruleList);
    }
    const active = document.activeElement;
    const focusKey = active instanceof HTMLElement && el.contains(active) ? (active.dataset.key ?? null) : null;
    const caret = active instanceof HTMLTextAreaElement || (active instanceof HTMLInputElement && active.type === 'text') ? [active.selectionStart, active.selectionEnd] : null;
    const s = survey;
    const named = names(s);
    // What every condition's choices depend on: the questions, their values and names, the aspects.
    const shape = [s.cards.map((c) => [c.id, c.type, c.scale, c.custom, c.multiple, c.options.map((o) => [o.id, o.labels])]), s.aspects, named, s.locales, language()];
    const next = new Map<string, HTMLElement>();
    const mine = (c: Card) => problems.filter((p) => p.questionIndex === c.index);
    replaceChildren(list, ...s.cards.map((c) => reuse(next, ['q', c, s.cards.length, mine(c).map((p) => p.text), shape], () => card(s, c, named))));
    replaceChildren(endingList, ...s.endings.map((e) => reuse(next, ['e', e, s.endings.length, problemsAt(problems, 'endings', e.index).map((p) => p.text), shape], () => endingCard(io, s, e, problemsAt(problems, 'endings', e.index), named))));
    replaceChildren(ruleList, ...s.rules.map((r) => reuse(next, ['r', r, problemsAt(problems, 'escalation', r.index).map((p) => p.text), shape], () => ruleCard(io, s, r, problemsAt(problems, 'escalation', r.index), named))));
    drawn = next;
    const again = focusKey ? (el.querySelector(`[data-key="${CSS.escape(focusKey)}"]`) as HTMLElement | null) : null;
    if (again && again !== document.activeElement) {
      again.focus();
      if (caret && (again instanceof HTMLTextAreaElement || (again instanceof HTMLInputElement && again.type === 'text'))) again.setSelectionRange(caret[0] ?? null, caret[1] ?? null);
    }
  }

  function field(c: Card, name: Field, input: HTMLInputElement | HTMLSelectElement, label: string): HTMLElement {
    input.dataset.key = `${c.index}:${name}`;
    input.setAttribute('data-testid', `builder-${name}`);
    on(input, 'change', () => io.edit((s) => setField(s.doc, c.index, name, input instanceof HTMLInputElement && input.type === 'checkbox' ? input.checked : input.value.trim())));
    return cardField(label, input);
  }

  function moved(c: Card, to: number, count: number): string {
    return t('builder.moved', { id: c.id, position: to + 1, count });
  }

  function card(s: Survey, c: Card, named: Record<string, string>): HTMLElement {
    const { locales } = s;
    const count = s.cards.length;
    const id = h('input', { type: 'text', value: c.id, maxlength: '64', spellcheck: 'false' });
    const type = h('select', null, ...QUESTION_TYPES.map((q) => h('option', { value: q, selected: q === c.type }, t(`builder.type.${q}`))));
    const scale = h('select', null, ...SCALES.map((x) => h('option', { value: x, selected: x === c.scale }, t(`builder.scale.${x}`))), h('option', { value: 'custom', selected: c.scale === 'custom' }, t('builder.scale.custom')));
    const required = h('input', { type: 'checkbox', checked: c.required });
    const aspect = h('input', { type: 'text', value: c.aspect, maxlength: '64', spellcheck: 'false' });
    const place = { kind: 'question', index: c.index } as const;
    const mine = problems.filter((p) => p.questionIndex === c.index);
    const handle = h('span', { class: 'drag-handle', title: t('builder.drag'), 'aria-hidden': 'true', 'data-testid': 'builder-drag' }, '⠿');
    const li = h(
      'li',
      { class: mine.length ? 'card has-problems' : 'card', 'data-testid': 'builder-card', 'data-question-id': c.id, 'data-index': c.index },
      h('div', { class: 'card-head' }, handle, h('strong', null, `${c.index + 1}. `), field(c, 'id', id, t('builder.id')), field(c, 'type', type, t('builder.type')), c.type === 'rating' ? field(c, 'scale', scale, t('builder.scale')) : null, field(c, 'required', required, t('builder.required')), c.type === 'kano' ? null : field(c, 'aspect', aspect, t('builder.aspect'))),
      c.type === 'kano'
        ? h('p', { class: 'small muted' }, t('builder.kanoNote'))
        : c.textKey
          ? h('p', { class: 'small muted' }, t('builder.fromLocales', { key: c.textKey }))
          : localeTexts(io, { locales, texts: c.texts, missing: c.missing, key: `${c.index}:text`, testId: 'builder-text', write: (x, l, v) => setText(x.doc, c.index, l, v) }),
      c.type === 'rating' ? scaleView(io, c, locales) : null,
      c.type === 'choice' ? choicesView(io, c, locales) : null,
      h(
        'div',
        { class: 'card-section' },
        conditionView({
          source: c.condition,
          ctx: contextAt(s.doc, place, s.cards),
          key: `${c.index}:if`,
          label: t('builder.cond.showIf'),
          none: t('builder.cond.always'),
          names: named,
          write: (text) => io.edit((x) => setCondition(x.doc, place, text)),
        }),
      ),
      jumpsView(io, s, c, named),
      problemList(mine),
      h(
        'div',
        { class: 'row-actions' },
        button({ class: 'btn btn-quiet', disabled: c.index === 0, 'data-testid': 'builder-up', 'data-key': `${c.index}:up` }, () => io.edit((x) => moveQuestion(x.doc, c.index, -1), moved(c, c.index - 1, count)), t('builder.up')),
        button({ class: 'btn btn-quiet', disabled: c.index === count - 1, 'data-testid': 'builder-down', 'data-key': `${c.index}:down` }, () => io.edit((x) => moveQuestion(x.doc, c.index, 1), moved(c, c.index + 1, count)), t('builder.down')),
        button({ class: 'btn btn-quiet', 'data-testid': 'builder-duplicate' }, () => io.edit((x) => duplicateQuestion(x.doc, c.index)), t('builder.duplicate')),
        button({ class: 'btn btn-quiet', 'data-testid': 'builder-delete' }, () => io.edit((x) => deleteQuestion(x.doc, c.index)), t('builder.delete')),
      ),
    );
    draggable(li, handle, c, count);
    return li;
  }

  /**
   * Native drag and drop, started from the handle only (so text in the card can still be
   * selected): the handle is what is dragged, with the whole card as the picture under the
   * pointer. Dropping on the top half of a card puts the question before it, on the bottom half
   * after it.
   */
  function draggable(li: HTMLElement, handle: HTMLElement, c: Card, count: number): void {
    handle.draggable = true;
    on(handle, 'dragstart', (e) => {
      dragFrom = c.index;
      if (e.dataTransfer) {
        e.dataTransfer.setData('text/plain', c.id);
        e.dataTransfer.effectAllowed = 'move';
        e.dataTransfer.setDragImage(li, 16, 16);
      }
      li.classList.add('dragging');
    });
    on(handle, 'dragend', () => {
      dragFrom = null;
      li.classList.remove('dragging');
      for (const x of list.querySelectorAll('.drop-before, .drop-after')) x.classList.remove('drop-before', 'drop-after');
    });
    const after = (e: DragEvent) => {
      const box = li.getBoundingClientRect();
      return e.clientY > box.top + box.height / 2;
    };
    on(li, 'dragover', (e) => {
      if (dragFrom === null) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'move';
      const below = after(e);
      li.classList.toggle('drop-after', below);
      li.classList.toggle('drop-before', !below);
    });
    on(li, 'dragleave', () => li.classList.remove('drop-before', 'drop-after'));
    on(li, 'drop', (e) => {
      if (dragFrom === null) return;
      e.preventDefault();
      const from = dragFrom;
      const at = c.index + (after(e) ? 1 : 0);
      const to = at > from ? at - 1 : at;
      dragFrom = null;
      if (to === from || !survey) return;
      const dragged = survey.cards[from]!;
      io.edit((x) => moveQuestionTo(x.doc, from, to), moved(dragged, to, count));
    });
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
    scriptIds: () => ({ questions: survey?.cards.map((c) => c.id) ?? [], endings: survey?.endings.map((e) => e.id) ?? [], escalation: survey?.rules.map((r) => r.id) ?? [] }),
    redraw: draw,
  };
}
