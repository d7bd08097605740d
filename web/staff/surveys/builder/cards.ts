/**
 * The survey as question cards, read from and written back into the YAML with the `yaml`
 * library's Document API: an edit changes only the nodes it is about, so comments, key order,
 * quoting and everything the cards do not show stay as the admin wrote them. Pure (no DOM):
 * the cards view (cardsView.ts) and the tests drive it.
 */
import { isMap, isScalar, isSeq, parseDocument, YAMLMap, type Document, type YAMLSeq } from 'yaml';
import { BUILT_IN_ASPECTS } from './conditionPicker.js';
import { endingsOf, type EndingCard } from './endings.js';
import { rulesOf, type RuleCard } from './rules.js';
import { freeId as nextFreeId, localized, moveItem, scalarText, setScalar, wordLists } from './yamlNodes.js';

export const QUESTION_TYPES = ['rating', 'choice', 'yesno', 'text', 'kano'] as const;
export const SCALES = ['csat', 'nps', 'ces'] as const;

export interface Card {
  index: number;
  id: string;
  type: string;
  /** A preset name, "custom" for {min, max}, or "" when the question has none. */
  scale: string;
  required: boolean;
  aspect: string;
  /** The question's text per locale ("" when missing). */
  texts: Record<string, string>;
  /** The survey's locales the text lacks. */
  missing: string[];
  /** Set when the text is a `{key}` into locales/ (shown, edited in the YAML). */
  textKey?: string;
  /** The show-if condition (`if`), "" when none. */
  condition: string;
  /** Where to go next: `next: x` is one jump with no condition. */
  jumps: Jump[];
  /** A choice question's options, and whether several may be picked. */
  options: OptionCard[];
  multiple: boolean;
  /** A custom scale `{min, max, minLabel, maxLabel}`. */
  custom?: CustomScale;
}

export interface Jump {
  condition: string;
  to: string;
}

export interface OptionCard {
  id: string;
  labels: Record<string, string>;
  missing: string[];
  labelKey?: string;
  synonyms: Record<string, string[]>;
}

export interface CustomScale {
  min: number | undefined;
  max: number | undefined;
  minLabel: Record<string, string>;
  maxLabel: Record<string, string>;
}

export interface Survey {
  doc: Document;
  /** Whether the text writes flow collections as `{ a: 1 }` rather than `{a: 1}`. */
  padded: boolean;
  locales: string[];
  cards: Card[];
  endings: EndingCard[];
  rules: RuleCard[];
  /** Aspects `mentions()` knows: the built-in ones and the script's `aspects`. */
  aspects: string[];
}

/** Reads the text; undefined when it is not YAML the cards can show (the editor says why). */
export function readSurvey(source: string): Survey | undefined {
  const doc = parseDocument(source, { uniqueKeys: false });
  if (doc.errors.length || !isMap(doc.contents)) return undefined;
  return { doc, padded: flowPadding(source), locales: localesOf(doc), cards: cardsOf(doc), endings: endingsOf(doc), rules: rulesOf(doc), aspects: aspectsOf(doc) };
}

export function aspectsOf(doc: Document): string[] {
  const own = doc.get('aspects');
  return [...new Set([...BUILT_IN_ASPECTS, ...(isMap(own) ? own.items.map((p) => scalarText(p.key)) : [])])];
}

export function localesOf(doc: Document): string[] {
  const l = doc.get('locales');
  return isSeq(l) ? l.items.map((x) => String(isScalar(x) ? x.value : x)) : [];
}

export function questions(doc: Document): YAMLSeq | undefined {
  const q = doc.get('questions', true);
  return isSeq(q) ? q : undefined;
}

export function cardsOf(doc: Document): Card[] {
  const locales = localesOf(doc);
  return (questions(doc)?.items ?? []).map((item, index) => {
    const q = isMap(item) ? item : new YAMLMap();
    const { texts, key } = localized(q.get('text', true));
    const scale = q.get('scale', true);
    const required = q.get('required');
    return {
      index,
      id: String(q.get('id') ?? ''),
      type: String(q.get('type') ?? ''),
      scale: isMap(scale) ? 'custom' : isScalar(scale) ? String(scale.value) : '',
      required: required !== false,
      aspect: String(q.get('aspect') ?? ''),
      texts,
      missing: key ? [] : locales.filter((l) => !texts[l]?.trim()),
      ...(key ? { textKey: key } : {}),
      condition: scalarText(q.get('if', true)),
      jumps: jumpsOf(q),
      options: optionsOf(q, locales),
      multiple: q.get('multiple') === true,
      ...(isMap(scale) ? { custom: customScale(scale) } : {}),
    };
  });
}

function jumpsOf(q: YAMLMap): Jump[] {
  const next: unknown = q.get('next', true);
  if (isScalar(next)) return [{ condition: '', to: scalarText(next) }];
  if (!isSeq(next)) return [];
  return next.items.map((j) => (isMap(j) ? { condition: scalarText(j.get('if', true)), to: scalarText(j.get('to', true)) } : { condition: '', to: '' }));
}

function optionsOf(q: YAMLMap, locales: string[]): OptionCard[] {
  const options = q.get('options', true);
  if (!isSeq(options)) return [];
  return options.items.map((o) => {
    const m = isMap(o) ? o : new YAMLMap();
    const { texts, key } = localized(m.get('label', true));
    return {
      id: scalarText(m.get('id', true)),
      labels: texts,
      missing: key ? [] : locales.filter((l) => !texts[l]?.trim()),
      ...(key ? { labelKey: key } : {}),
      synonyms: wordLists(m.get('synonyms', true)),
    };
  });
}

function customScale(scale: YAMLMap): CustomScale {
  const num = (k: string) => {
    const v = scale.get(k);
    return typeof v === 'number' ? v : undefined;
  };
  return { min: num('min'), max: num('max'), minLabel: localized(scale.get('minLabel', true)).texts, maxLabel: localized(scale.get('maxLabel', true)).texts };
}

export function question(doc: Document, index: number): YAMLMap {
  const q = questions(doc)?.items[index];
  if (!isMap(q)) throw new RangeError(`no question ${index}`);
  return q;
}

/** Sets (or, with "", removes) one locale's text of a question. */
export function setText(doc: Document, index: number, locale: string, value: string): void {
  const q = question(doc, index);
  if (!value) {
    q.deleteIn(['text', locale]);
    return;
  }
  const text = q.get('text', true);
  if (isMap(text)) {
    const node = text.get(locale, true);
    // Keep the scalar node (and its comment) when there is one; only its value changes.
    if (isScalar(node)) setScalar(node, value);
    else text.set(locale, value);
  } else q.set('text', doc.createNode({ [locale]: value }));
}

export type Field = 'id' | 'type' | 'scale' | 'required' | 'aspect' | 'multiple';

/** Sets a question's field; "" (or true for required, false for multiple: the defaults) removes it. */
export function setField(doc: Document, index: number, field: Field, value: string | boolean): void {
  const q = question(doc, index);
  const remove = value === '' || (field === 'required' && value === true) || (field === 'multiple' && value === false);
  if (remove) return void q.delete(field);
  if (field === 'scale' && value === 'custom') {
    // A range of its own: start from 1-5, the admin sets the ends and their labels on the card.
    if (!isMap(q.get('scale', true))) q.set('scale', doc.createNode({ min: 1, max: 5 }));
    return;
  }
  const node = q.get(field, true);
  if (isScalar(node)) node.value = value;
  else if (field === 'multiple') q.items.splice(q.items.findIndex((p) => scalarText(p.key) === 'type') + 1, 0, doc.createPair('multiple', value));
  else q.set(field, value);
  // Each type has its own fields: a rating a scale, a choice its options; the others none.
  if (field === 'type') {
    if (value === 'rating' && !q.has('scale')) q.set('scale', 'csat');
    if (value !== 'rating') for (const k of ['scale', 'display']) q.delete(k);
    if (value === 'choice' && !q.has('options')) q.set('options', newOptions(doc, 2));
    if (value !== 'choice') for (const k of ['options', 'multiple']) q.delete(k);
    if (value !== 'text') q.delete('maxLength');
  }
}

/** `n` options with free ids and empty labels in the survey's locales (flow labels, as the samples write them). */
export function newOptions(doc: Document, n: number, taken: string[] = []): YAMLSeq {
  const seq = doc.createNode([]) as YAMLSeq;
  for (let i = 0; i < n; i++) seq.items.push(newOption(doc, [...taken, ...seq.items.map((o) => String((o as YAMLMap).get('id')))]));
  return seq;
}

export function newOption(doc: Document, taken: string[]): YAMLMap {
  const label = doc.createNode(Object.fromEntries(localesOf(doc).map((l) => [l, '']))) as YAMLMap;
  label.flow = true;
  const option = new YAMLMap();
  let n = 1;
  while (taken.includes(`option_${n}`)) n++;
  option.set(doc.createNode('id'), doc.createNode(`option_${n}`));
  option.set(doc.createNode('label'), label);
  return option;
}

/** A new question after `after` (or at the end), in the survey's locales, with an unused id. */
export function addQuestion(doc: Document, type: string, after?: number): number {
  const seq = questions(doc) ?? (doc.set('questions', doc.createNode([])), questions(doc)!);
  const locales = localesOf(doc);
  const id = freeId(doc, type === 'rating' ? 'rating' : type);
  const node = doc.createNode({ id, type, ...(type === 'rating' ? { scale: 'csat' } : {}), text: Object.fromEntries(locales.map((l) => [l, ''])) }) as YAMLMap;
  if (type === 'choice') node.set('options', newOptions(doc, 2));
  const at = after === undefined ? seq.items.length : after + 1;
  seq.items.splice(at, 0, node);
  return at;
}

export function duplicateQuestion(doc: Document, index: number): number {
  const seq = questions(doc)!;
  const copy = question(doc, index).clone() as YAMLMap;
  copy.set('id', freeId(doc, String(copy.get('id') ?? 'q')));
  seq.items.splice(index + 1, 0, copy);
  return index + 1;
}

export function deleteQuestion(doc: Document, index: number): void {
  question(doc, index);
  questions(doc)!.items.splice(index, 1);
}

/** Moves a question up (-1) or down (+1); returns where it is now. */
export function moveQuestion(doc: Document, index: number, by: -1 | 1): number {
  return moveQuestionTo(doc, index, index + by);
}

/** Moves a question to another place (drag and drop), its comment with it; returns where it is now. */
export function moveQuestionTo(doc: Document, from: number, to: number): number {
  const seq = questions(doc);
  return seq ? moveItem(seq, from, to) : from;
}

function freeId(doc: Document, base: string): string {
  return nextFreeId(cardsOf(doc).map((c) => c.id), base);
}

/** The yaml library writes every flow collection one way: the way most of this text does. */
function flowPadding(source: string): boolean {
  const padded = source.match(/[[{] \S/g)?.length ?? 0;
  const tight = source.match(/[[{][^\s\]}]/g)?.length ?? 0;
  return padded > tight;
}

/** The document as text again. Comments, key order, quoting and block styles are kept; only the
 * spacing inside [..] and {..} follows the text's most common style. */
export function toText(doc: Document, padded = false): string {
  return doc.toString({ lineWidth: 0, flowCollectionPadding: padded });
}
