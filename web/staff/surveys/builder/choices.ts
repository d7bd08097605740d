/**
 * A choice question's options on its card: add, remove, rename, move, the label per locale and
 * the synonyms per locale, in the same YAML document. Renaming an option also renames it in the
 * conditions the picker can read (`reason == 'late'`), so branching keeps working. Pure (no DOM).
 */
import { isMap, isSeq, type Document, type YAMLMap, type YAMLSeq } from 'yaml';
import { newOption, question } from './cards.js';
import { renameValue } from './conditions.js';
import { moveItem, scalarText, setKey, setLocalized, setWords } from './yamlNodes.js';

function options(doc: Document, qi: number): YAMLSeq {
  const o = question(doc, qi).get('options', true);
  if (!isSeq(o)) throw new RangeError(`question ${qi} has no options`);
  return o;
}

function option(doc: Document, qi: number, oi: number): YAMLMap {
  const o = options(doc, qi).items[oi];
  if (!isMap(o)) throw new RangeError(`no option ${oi} in question ${qi}`);
  return o;
}

export function setOptionId(doc: Document, qi: number, oi: number, id: string): void {
  const o = option(doc, qi, oi);
  const old = scalarText(o.get('id', true));
  setKey(doc, o, 'id', id, []);
  const qid = scalarText(question(doc, qi).get('id', true));
  if (old && id && old !== id) renameValue(doc, qid, old, id);
}

export function setOptionLabel(doc: Document, qi: number, oi: number, locale: string, value: string): void {
  const o = option(doc, qi, oi);
  setLocalized(doc, o, 'label', locale, value, { after: ['id'], flow: true });
}

export function setSynonyms(doc: Document, qi: number, oi: number, locale: string, words: readonly string[]): void {
  const o = option(doc, qi, oi);
  const label = o.get('label', true);
  setWords(doc, o, 'synonyms', locale, words, { after: ['id', 'label'], flow: !isMap(label) || label.flow === true });
}

/** A new option at the end (a question has at most 10: the schema says so on the card). */
export function addOption(doc: Document, qi: number): number {
  const q = question(doc, qi);
  const existing: unknown = q.get('options', true);
  const list = isSeq(existing) ? existing : (doc.createNode([]) as YAMLSeq);
  if (list !== existing) q.set('options', list);
  list.items.push(newOption(doc, list.items.map((o) => (isMap(o) ? scalarText(o.get('id', true)) : ''))));
  return list.items.length - 1;
}

export function deleteOption(doc: Document, qi: number, oi: number): void {
  option(doc, qi, oi);
  options(doc, qi).items.splice(oi, 1);
}

export function moveOption(doc: Document, qi: number, oi: number, by: -1 | 1): number {
  return moveItem(options(doc, qi), oi, oi + by);
}
