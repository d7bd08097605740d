/**
 * The survey as question cards, read from and written back into the YAML with the `yaml`
 * library's Document API: an edit changes only the nodes it is about, so comments, key order,
 * quoting and everything the cards do not show stay as the admin wrote them. Pure (no DOM):
 * the cards view (cardsView.ts) and the tests drive it.
 */
import { isMap, isScalar, isSeq, parseDocument, YAMLMap, type Document, type YAMLSeq } from 'yaml';

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
}

export interface Survey {
  doc: Document;
  /** Whether the text writes flow collections as `{ a: 1 }` rather than `{a: 1}`. */
  padded: boolean;
  locales: string[];
  cards: Card[];
}

/** Reads the text; undefined when it is not YAML the cards can show (the editor says why). */
export function readSurvey(source: string): Survey | undefined {
  const doc = parseDocument(source, { uniqueKeys: false });
  if (doc.errors.length || !isMap(doc.contents)) return undefined;
  return { doc, padded: flowPadding(source), locales: localesOf(doc), cards: cardsOf(doc) };
}

export function localesOf(doc: Document): string[] {
  const l = doc.get('locales');
  return isSeq(l) ? l.items.map((x) => String(isScalar(x) ? x.value : x)) : [];
}

function questions(doc: Document): YAMLSeq | undefined {
  const q = doc.get('questions', true);
  return isSeq(q) ? q : undefined;
}

export function cardsOf(doc: Document): Card[] {
  const locales = localesOf(doc);
  return (questions(doc)?.items ?? []).map((item, index) => {
    const q = isMap(item) ? item : new YAMLMap();
    const textNode = q.get('text', true);
    const texts: Record<string, string> = {};
    if (isMap(textNode)) for (const pair of textNode.items) texts[String(isScalar(pair.key) ? pair.key.value : pair.key)] = String(isScalar(pair.value) ? (pair.value.value ?? '') : '');
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
      missing: locales.filter((l) => !texts[l]?.trim()),
    };
  });
}

function question(doc: Document, index: number): YAMLMap {
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
    if (isScalar(node)) node.value = value;
    else text.set(locale, value);
  } else q.set('text', doc.createNode({ [locale]: value }));
}

export type Field = 'id' | 'type' | 'scale' | 'required' | 'aspect';

/** Sets a question's field; "" (or true for required, the default) removes it. */
export function setField(doc: Document, index: number, field: Field, value: string | boolean): void {
  const q = question(doc, index);
  const remove = value === '' || (field === 'required' && value === true);
  if (remove) return void q.delete(field);
  const node = q.get(field, true);
  if (isScalar(node)) node.value = value;
  else q.set(field, value);
  // A rating needs a scale; other types have none.
  if (field === 'type') {
    if (value === 'rating' && !q.has('scale')) q.set('scale', 'csat');
    if (value !== 'rating') q.delete('scale');
  }
}

/** A new question after `after` (or at the end), in the survey's locales, with an unused id. */
export function addQuestion(doc: Document, type: string, after?: number): number {
  const seq = questions(doc) ?? (doc.set('questions', doc.createNode([])), questions(doc)!);
  const locales = localesOf(doc);
  const id = freeId(doc, type === 'rating' ? 'rating' : type);
  const node = doc.createNode({ id, type, ...(type === 'rating' ? { scale: 'csat' } : {}), text: Object.fromEntries(locales.map((l) => [l, ''])) }) as YAMLMap;
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
  const items = questions(doc)!.items;
  const to = index + by;
  if (to < 0 || to >= items.length) return index;
  const [q] = items.splice(index, 1);
  items.splice(to, 0, q);
  return to;
}

function freeId(doc: Document, base: string): string {
  const taken = new Set(cardsOf(doc).map((c) => c.id));
  const stem = base.replace(/_\d+$/, '') || 'q';
  for (let n = 2; ; n++) if (!taken.has(`${stem}_${n}`)) return `${stem}_${n}`;
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
