/**
 * The survey's endings as cards: id, the condition it is shown on, its text per locale; added,
 * deleted and moved in the same YAML document as the questions. Pure (no DOM).
 */
import { isMap, isSeq, YAMLMap, type Document, type YAMLSeq } from 'yaml';
import { freeId, listAt, localized, moveItem, scalarText, setKey, setLocalized } from './yamlNodes.js';

export interface EndingCard {
  index: number;
  id: string;
  /** `if`: "" for the ending everyone else gets. */
  condition: string;
  texts: Record<string, string>;
  missing: string[];
  textKey?: string;
}

function locales(doc: Document): string[] {
  const l = doc.get('locales');
  return isSeq(l) ? l.items.map(scalarText) : [];
}

function endings(doc: Document): YAMLSeq | undefined {
  const e = doc.get('endings', true);
  return isSeq(e) ? e : undefined;
}

export function endingsOf(doc: Document): EndingCard[] {
  const ls = locales(doc);
  return (endings(doc)?.items ?? []).map((item, index) => {
    const e = isMap(item) ? item : new YAMLMap();
    const { texts, key } = localized(e.get('text', true));
    return {
      index,
      id: scalarText(e.get('id', true)),
      condition: scalarText(e.get('if', true)),
      texts,
      missing: key ? [] : ls.filter((l) => !texts[l]?.trim()),
      ...(key ? { textKey: key } : {}),
    };
  });
}

export function ending(doc: Document, index: number): YAMLMap {
  const e = endings(doc)?.items[index];
  if (!isMap(e)) throw new RangeError(`no ending ${index}`);
  return e;
}

export function setEndingText(doc: Document, index: number, locale: string, value: string): void {
  setLocalized(doc, ending(doc, index), 'text', locale, value, { after: ['id', 'if'] });
}

export function setEndingId(doc: Document, index: number, id: string): void {
  setKey(doc, ending(doc, index), 'id', id, []);
}

/**
 * A new ending, just before the last one: the last is the one everyone else gets, so a new one
 * after it could never be shown. It has no condition yet, which its card marks until one is set.
 */
export function addEnding(doc: Document): number {
  const seq = endings(doc) ?? listAt(doc, doc, 'endings');
  const id = freeId(endingsOf(doc).map((e) => e.id), 'ending', true);
  const node = doc.createNode({ id, text: Object.fromEntries(locales(doc).map((l) => [l, ''])) }) as YAMLMap;
  const at = Math.max(0, seq.items.length - 1);
  seq.items.splice(at, 0, node);
  return at;
}

export function deleteEnding(doc: Document, index: number): void {
  ending(doc, index);
  endings(doc)!.items.splice(index, 1);
}

export function moveEnding(doc: Document, index: number, by: -1 | 1): number {
  const seq = endings(doc);
  return seq ? moveItem(seq, index, index + by) : index;
}
