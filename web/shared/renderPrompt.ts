/**
 * The one renderer of a survey question's answer controls, for every prompt kind the engine
 * emits (src/core/outputs.ts `Prompt`): rating (numbers, stars, faces), choice (single, or
 * multiple with a submit button), yes/no, text, the Skip button and the legend. The customer's
 * widget draws questions with it, and so does the staff app's survey preview.
 *
 * Stable API (other branches build on it; extend, don't change):
 *
 *   renderPrompt(question, {
 *     strings: { send, skip, ofMax(n, max) },  // texts in the reader's language
 *     onAnswer(value, text),                   // value: '4' | 'yes' | ['a', 'c']; text: what the
 *                                              //   customer "said" ('★★★★', 'Yes', 'A, C')
 *     onSkip(text),                            // text: the Skip button's label
 *     doc?,            // the Document to build in (default: the global one)
 *     labelledBy?,     // id of the element showing the question text (the group's name)
 *     showLegend?,     // draw question.legend under the controls (default false: the legend
 *                      //   is written for text channels, "type the numbers…")
 *     testIds?,        // data-testid values (defaults: satisfy-answer, satisfy-multi-send,
 *                      //   satisfy-skip, satisfy-legend)
 *     keyboardFocus?,  // () => boolean: does focus come from the keyboard now? A focused star
 *                      //   lights the stars up to it only then (default: never)
 *   }) → HTMLElement | null   // a <div class="ctl" role="group">, or null when there is nothing
 *                             // to draw (a text question that may not be skipped)
 *
 *   promptModel(question, strings) → PromptModel   // the same decisions as plain data, no DOM
 *   ratingText(display, n)                          // what a rating answer says: '★★★★' | '4'
 *   toggleChoice(selected, value), multipleAnswer(buttons, selected)   // multiple choice
 *
 * The elements carry these classes, for the page's stylesheet: .ctl (the group), .scale
 * (+ .fit for stars and faces), .nums / .stars / .faces (a rating's row; .nums has --n and
 * each of its buttons --per, the buttons per line), .opt (a number or option button; in a
 * multiple choice with aria-pressed), .star (+ .on while lit), .face, .ends (the min/max labels),
 * .opts (a row of options), .row (the submit and Skip buttons), .go (submit), .skip, .legend.
 *
 * The renderer only draws and reports; sending, and removing the controls once answered, is
 * the caller's. Every text goes in as a text node (the question comes from the server, its
 * labels from survey authors).
 */
import type { ButtonOption, Output, Prompt } from '../../src/core/outputs.js';
import { FACES } from './faces.js';

export type PromptQuestion = Extract<Output, { type: 'question' }>;
export type RatingDisplay = Extract<Prompt, { kind: 'rating' }>['display'];
/** A single answer's value, or a multiple choice's values in the options' order. */
export type AnswerValue = string | string[];

export interface PromptStrings {
  /** The submit button of a multiple choice whose prompt has no submitLabel. */
  send: string;
  /** The Skip button when the question's skipLabel is empty. */
  skip: string;
  /** A rating button's accessible name, e.g. "4 of 5". */
  ofMax(n: number, max: number): string;
}

export interface PromptTestIds {
  answer: string;
  multiSend: string;
  skip: string;
  legend: string;
}

export const DEFAULT_TEST_IDS: PromptTestIds = {
  answer: 'satisfy-answer',
  multiSend: 'satisfy-multi-send',
  skip: 'satisfy-skip',
  legend: 'satisfy-legend',
};

export interface RenderPromptOptions {
  strings: PromptStrings;
  onAnswer(value: AnswerValue, text: string): void;
  onSkip(text: string): void;
  doc?: Document;
  labelledBy?: string;
  showLegend?: boolean;
  testIds?: Partial<PromptTestIds>;
  keyboardFocus?: () => boolean;
}

/** One answer button: what it shows, its accessible name, and what choosing it sends. */
export interface AnswerButton {
  look: 'number' | 'star' | 'face' | 'option';
  label: string;
  ariaLabel?: string;
  value: string;
  /** What the customer's bubble says for this answer. */
  text: string;
}

export type PromptControls =
  | {
      kind: 'rating';
      display: RatingDisplay;
      buttons: AnswerButton[];
      /** Numbers: how many buttons share a line on a narrow screen (all of them on a wide one). */
      perRow: number;
      ends?: { min: string; max: string };
    }
  /** A single choice or yes/no: one click answers. */
  | { kind: 'single'; buttons: AnswerButton[] }
  /** A multiple choice: clicks tick options, the submit button sends them. */
  | { kind: 'multiple'; buttons: AnswerButton[]; submitLabel: string }
  /** A typed answer: nothing to click; the caller's text box takes at most maxLength. */
  | { kind: 'text'; maxLength: number }
  /** A prompt the widget cannot draw (a rating range it does not trust): answered by typing. */
  | { kind: 'none' };

export interface PromptModel {
  questionId: string;
  controls: PromptControls;
  skip?: { label: string };
  legend?: string;
}

/** The largest rating range drawn as buttons (0–10 is 11); anything wider is typed. */
const MAX_SPAN = 20;

/** What a rating answer says in the customer's bubble: stars as stars, the rest as the number. */
export function ratingText(display: RatingDisplay, n: number): string {
  return display === 'stars' ? '★'.repeat(n) : String(n);
}

/** The controls for a question, as data: every decision of the renderer, testable without a DOM. */
export function promptModel(q: PromptQuestion, strings: PromptStrings): PromptModel {
  const model: PromptModel = { questionId: String(q.questionId ?? ''), controls: controlsFor(q.prompt, strings) };
  // skipLabel is present (possibly empty) exactly when the question may be skipped.
  if (q.skipLabel != null) model.skip = { label: String(q.skipLabel) || strings.skip };
  if (q.legend) model.legend = String(q.legend);
  return model;
}

function controlsFor(p: Prompt, strings: PromptStrings): PromptControls {
  switch (p.kind) {
    case 'rating': {
      const min = Math.round(Number(p.min));
      const max = Math.round(Number(p.max));
      if (!Number.isFinite(min) || !Number.isFinite(max) || max < min || max - min > MAX_SPAN) return { kind: 'none' };
      // Stars and faces are drawn for 1–5 only; any other scale is numbers.
      const five = min === 1 && max === 5;
      const display: RatingDisplay = five && (p.display === 'stars' || p.display === 'faces') ? p.display : 'numbers';
      const buttons: AnswerButton[] = [];
      for (let n = min; n <= max; n++) {
        buttons.push({
          look: display === 'stars' ? 'star' : display === 'faces' ? 'face' : 'number',
          label: display === 'stars' ? '★' : display === 'faces' ? (FACES[n - 1] ?? String(n)) : String(n),
          ariaLabel: strings.ofMax(n, max),
          value: String(n),
          text: ratingText(display, n),
        });
      }
      const count = buttons.length;
      const controls: PromptControls = { kind: 'rating', display, buttons, perRow: count <= 6 ? count : Math.ceil(count / 2) };
      if (p.minLabel || p.maxLabel) controls.ends = { min: String(p.minLabel ?? ''), max: String(p.maxLabel ?? '') };
      return controls;
    }
    case 'choice':
      return p.multiple
        ? { kind: 'multiple', buttons: optionButtons(p.options), submitLabel: String(p.submitLabel ?? '') || strings.send }
        : { kind: 'single', buttons: optionButtons(p.options) };
    case 'yesno':
      return { kind: 'single', buttons: optionButtons(p.options) };
    case 'text': {
      const m = Math.floor(Number(p.maxLength));
      return { kind: 'text', maxLength: m > 0 ? m : 0 };
    }
    default:
      return unknownPrompt(p);
  }
}

/** A new prompt kind in src/core/outputs.ts fails the type check here until it is drawn. */
function unknownPrompt(p: never): PromptControls {
  void p;
  return { kind: 'none' };
}

function optionButtons(options: readonly ButtonOption[] | undefined): AnswerButton[] {
  const list = Array.isArray(options) ? options : [];
  return list
    .filter((o) => o && o.value != null)
    .map((o) => {
      const label = String(o.label ?? o.value);
      return { look: 'option', label, value: String(o.value), text: label };
    });
}

/** A multiple choice's selection after a click on `value`. */
export function toggleChoice(selected: ReadonlySet<string>, value: string): Set<string> {
  const next = new Set(selected);
  if (next.has(value)) next.delete(value);
  else next.add(value);
  return next;
}

/** What a multiple choice sends: the ticked values in the options' order, or null if none. */
export function multipleAnswer(buttons: readonly AnswerButton[], selected: ReadonlySet<string>): { value: string[]; text: string } | null {
  const picked = buttons.filter((b) => selected.has(b.value));
  return picked.length ? { value: picked.map((b) => b.value), text: picked.map((b) => b.text).join(', ') } : null;
}

type Make = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | undefined>, ...kids: (Node | string)[]) => HTMLElementTagNameMap[K];

function maker(doc: Document): Make {
  return (tag, attrs, ...kids) => {
    const el = doc.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) if (v !== undefined) el.setAttribute(k, v);
    for (const kid of kids) el.append(kid);
    return el;
  };
}

const CLASS: Record<AnswerButton['look'], string> = { number: 'opt', star: 'star', face: 'face', option: 'opt' };

/** Draws a question's controls (see the header); null when there is nothing to draw. */
export function renderPrompt(q: PromptQuestion, opts: RenderPromptOptions): HTMLElement | null {
  const model = promptModel(q, opts.strings);
  const ids = { ...DEFAULT_TEST_IDS, ...opts.testIds };
  const h = maker(opts.doc ?? document);
  const ctl = h('div', { class: 'ctl', role: 'group', 'aria-labelledby': opts.labelledBy });
  const answerButton = (b: AnswerButton, onClick: () => void, extra: Record<string, string> = {}) => {
    const el = h('button', { class: CLASS[b.look], type: 'button', 'data-testid': ids.answer, 'data-value': b.value, 'aria-label': b.ariaLabel, ...extra }, b.label);
    el.addEventListener('click', onClick);
    return el;
  };
  let row: HTMLElement | null = null; // the line the submit and Skip buttons share
  const c = model.controls;
  switch (c.kind) {
    case 'rating': {
      const line = h('div', { class: c.display === 'stars' ? 'stars' : c.display === 'faces' ? 'faces' : 'nums' });
      const els = c.buttons.map((b) => answerButton(b, () => opts.onAnswer(b.value, b.text)));
      els.forEach((el, i) => {
        if (c.display === 'numbers') el.style.setProperty('--per', String(c.perRow));
        if (c.display === 'stars') {
          // Pointing at (or tabbing to) a star lights it and the ones before it.
          const fill = (k: number) => els.forEach((s, j) => s.classList.toggle('on', j < k));
          el.addEventListener('pointerenter', () => fill(i + 1));
          el.addEventListener('focus', () => opts.keyboardFocus?.() && fill(i + 1));
          el.addEventListener('pointerleave', () => fill(0));
          el.addEventListener('blur', () => fill(0));
        }
        line.append(el);
      });
      if (c.display === 'numbers') line.style.setProperty('--n', String(c.buttons.length));
      const scale = h('div', { class: c.display === 'numbers' ? 'scale' : 'scale fit' }, line);
      if (c.ends) scale.append(h('div', { class: 'ends', 'aria-hidden': 'true' }, h('span', {}, c.ends.min), h('span', {}, c.ends.max)));
      ctl.append(scale);
      break;
    }
    case 'single':
      ctl.append(h('div', { class: 'opts' }, ...c.buttons.map((b) => answerButton(b, () => opts.onAnswer(b.value, b.text)))));
      break;
    case 'multiple': {
      let selected: ReadonlySet<string> = new Set<string>();
      const go = h('button', { class: 'go', type: 'button', 'data-testid': ids.multiSend }, c.submitLabel);
      go.disabled = true;
      const els = c.buttons.map((b) => {
        const el = answerButton(
          b,
          () => {
            selected = toggleChoice(selected, b.value);
            el.setAttribute('aria-pressed', String(selected.has(b.value)));
            go.disabled = selected.size === 0;
          },
          { 'aria-pressed': 'false' },
        );
        return el;
      });
      go.addEventListener('click', () => {
        const answer = multipleAnswer(c.buttons, selected);
        if (answer) opts.onAnswer(answer.value, answer.text);
      });
      row = h('div', { class: 'row' }, go);
      ctl.append(h('div', { class: 'opts' }, ...els), row);
      break;
    }
    case 'text':
    case 'none':
      break;
    default:
      unknownControls(c);
  }
  if (model.skip) {
    const label = model.skip.label;
    const skip = h('button', { class: 'skip', type: 'button', 'data-testid': ids.skip }, label);
    skip.addEventListener('click', () => opts.onSkip(label));
    if (row) row.append(skip);
    else ctl.append(h('div', { class: 'row' }, skip));
  }
  if (opts.showLegend && model.legend) ctl.append(h('p', { class: 'legend', 'data-testid': ids.legend }, model.legend));
  return ctl.firstChild ? ctl : null;
}

function unknownControls(c: never): void {
  void c;
}
