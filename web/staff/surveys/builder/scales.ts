/**
 * A rating question's scale of its own: its two ends and their labels per locale, in the same
 * YAML document. Choosing "custom" on the card starts it at 1-5 (cards.ts setField). Pure (no DOM).
 */
import { isMap, type Document, type YAMLMap } from 'yaml';
import { question } from './cards.js';
import { setKey, setLocalized } from './yamlNodes.js';

function scale(doc: Document, qi: number): YAMLMap {
  const s = question(doc, qi).get('scale', true);
  if (!isMap(s)) throw new RangeError(`question ${qi} has no custom scale`);
  return s;
}

/** Sets an end of the scale; a value that is not a whole number is written anyway, and the
 * checker's problem says why on the card. */
export function setScaleEnd(doc: Document, qi: number, end: 'min' | 'max', value: number): void {
  setKey(doc, scale(doc, qi), end, value, end === 'min' ? [] : ['min']);
}

export function setScaleLabel(doc: Document, qi: number, which: 'minLabel' | 'maxLabel', locale: string, value: string): void {
  const s = scale(doc, qi);
  setLocalized(doc, s, which, locale, value, { after: which === 'minLabel' ? ['min', 'max'] : ['min', 'max', 'minLabel'], flow: true });
  // A label with no locale left is no label.
  const label = s.get(which, true);
  if (isMap(label) && !label.items.length) s.delete(which);
}
