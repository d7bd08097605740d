/**
 * What the builder's card views share: how a card changes the document (and the editor's text),
 * texts per locale side by side, word lists per locale, and a card's problems in plain words.
 */
import { h } from '../../../shared/dom.js';
import { t } from '../../lang.js';
import { button, on } from '../../ui.js';
import type { PlainProblem } from '../problemText.js';
import type { Survey } from './cards.js';
import { splitWords } from './yamlNodes.js';

export interface Editing {
  /** Changes the document, hands the text to the editor, and redraws the cards; `announce` is
   * said to screen readers after the redraw. */
  edit(change: (s: Survey) => unknown, announce?: string): void;
  /** Changes the document while someone types: the text goes to the editor, the cards are not
   * redrawn under the cursor. */
  type(change: (s: Survey) => unknown): void;
}

/** A text per locale, side by side; a missing one is marked. Typing changes the YAML at once. */
export function localeTexts(io: Editing, opts: { locales: string[]; texts: Record<string, string>; missing: string[]; key: string; testId: string; rows?: number; write: (s: Survey, locale: string, value: string) => void }): HTMLElement {
  return h(
    'div',
    { class: 'card-texts' },
    ...opts.locales.map((l) => {
      const ta = h('textarea', { rows: opts.rows ?? 2, 'data-testid': `${opts.testId}-${l}`, 'data-key': `${opts.key}:${l}`, lang: l }) as HTMLTextAreaElement;
      ta.value = opts.texts[l] ?? '';
      on(ta, 'input', () => io.type((s) => opts.write(s, l, ta.value)));
      const missing = opts.missing.includes(l);
      return h('label', { class: missing ? 'card-text missing' : 'card-text' }, h('span', { class: 'small' }, l, missing ? h('span', { class: 'badge b-draft', 'data-testid': 'builder-missing' }, ` ${t('builder.missing')}`) : null), ta);
    }),
  );
}

/** A word list per locale (synonyms, keywords), typed with commas between the words; written
 * when the box is left, so the commas being typed are not tidied away under the cursor. */
export function localeWords(io: Editing, opts: { locales: string[]; words: Record<string, string[]>; key: string; testId: string; label: string; write: (s: Survey, locale: string, words: string[]) => void }): HTMLElement {
  return h(
    'div',
    { class: 'card-words' },
    h('span', { class: 'small muted' }, opts.label, ' ', h('span', { class: 'muted' }, t('builder.words.hint'))),
    ...opts.locales.map((l) => {
      const input = h('input', { type: 'text', value: (opts.words[l] ?? []).join(', '), 'data-testid': `${opts.testId}-${l}`, 'data-key': `${opts.key}:${l}`, lang: l, spellcheck: 'false' }) as HTMLInputElement;
      on(input, 'change', () => io.edit((s) => opts.write(s, l, splitWords(input.value))));
      return h('label', { class: 'card-word' }, h('span', { class: 'small' }, l), input);
    }),
  );
}

/** A card's problems in plain words, or nothing. */
export function problemList(mine: readonly PlainProblem[]): HTMLElement | null {
  return mine.length ? h('ul', { class: 'card-problems', 'data-testid': 'builder-card-problems' }, ...mine.map((p) => h('li', null, p.text, ' ', h('span', { class: 'muted' }, t('plain.fix', { hint: p.hint }))))) : null;
}

/** The problems of one ending or rule (`['endings', 2, …]`). */
export function problemsAt(problems: readonly PlainProblem[], list: 'endings' | 'escalation', index: number): PlainProblem[] {
  return problems.filter((p) => p.path[0] === list && p.path[1] === index);
}

/** A small labelled field of a card. */
export function cardField(label: string, input: HTMLElement): HTMLElement {
  return h('label', { class: 'card-field' }, h('span', { class: 'small muted' }, label), input);
}

/** A quiet button. */
export function quiet(testId: string, label: string, onClick: () => void, disabled = false): HTMLButtonElement {
  return button({ class: 'btn btn-quiet', 'data-testid': testId, disabled }, onClick, label);
}
