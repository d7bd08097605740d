/**
 * Small edits on the `yaml` Document that every card shares: a text per locale, a word list per
 * locale, a key set in its usual place, an item moved with its comment. Each changes the nodes
 * it is about and no others, so the admin's comments, key order and quoting stay. Pure (no DOM).
 */
import { isMap, isScalar, isSeq, YAMLMap, type Document, type Node, type Pair, type Scalar, type YAMLSeq } from 'yaml';

/** A new value in an existing scalar node, which keeps its comment and its quotes, except the
 * quotes an empty text needed only for being empty (`en: ""` from a new card). */
export function setScalar(node: Scalar, value: unknown): void {
  if (node.value === '' || node.value === null) delete node.type;
  node.value = value;
}

export function keyName(pair: Pair): string {
  return String(isScalar(pair.key) ? pair.key.value : pair.key);
}

/** A scalar's value as text ("" for anything else). */
export function scalarText(node: unknown): string {
  return isScalar(node) ? String(node.value ?? '') : '';
}

export interface Localized {
  /** The text per locale written inline ("" values included). */
  texts: Record<string, string>;
  /** Set when the text is `{key: …}` into locales/: the cards show it but do not edit it. */
  key?: string;
}

export function localized(node: unknown): Localized {
  const texts: Record<string, string> = {};
  if (!isMap(node)) return { texts };
  const key = node.get('key');
  if (node.items.length === 1 && typeof key === 'string') return { texts, key };
  for (const pair of node.items) texts[keyName(pair)] = scalarText(pair.value);
  return { texts };
}

/** Where a new key goes: after the last of `after` the map has (else first), so new keys sit
 * where people write them (`if` after `type`, `label` after `id`…). */
function insertAt(map: YAMLMap, after: readonly string[]): number {
  let at = 0;
  map.items.forEach((pair, i) => {
    if (after.includes(keyName(pair))) at = i + 1;
  });
  return at;
}

/** Sets a key's value: a scalar node keeps its place and comment; a new key goes after `after`
 * (or at the end when `after` is not given). */
export function setKey(doc: Document, map: YAMLMap, key: string, value: unknown, after?: readonly string[]): void {
  const node = map.get(key, true);
  if (isScalar(node) && (value === null || typeof value !== 'object')) {
    setScalar(node, value);
    return;
  }
  if (map.has(key) || !after) {
    map.set(key, isNodeLike(value) ? value : doc.createNode(value));
    return;
  }
  map.items.splice(insertAt(map, after), 0, doc.createPair(key, value) as Pair);
}

function isNodeLike(v: unknown): v is Node {
  return isMap(v) || isSeq(v) || isScalar(v);
}

/** Sets (or with "" removes) one locale of a text per locale under `key`; a new text is a flow
 * map `{ en: … }` when `flow` says so. Removing the last locale leaves the key with `{}`. */
export function setLocalized(doc: Document, map: YAMLMap, key: string, locale: string, value: string, opts: { after?: readonly string[]; flow?: boolean } = {}): void {
  const text = map.get(key, true);
  if (!value) {
    if (isMap(text)) text.delete(locale);
    return;
  }
  if (isMap(text)) {
    const node = text.get(locale, true);
    if (isScalar(node)) setScalar(node, value);
    else text.set(locale, value);
    return;
  }
  const created = doc.createNode({ [locale]: value }) as YAMLMap;
  created.flow = !!opts.flow;
  setKey(doc, map, key, created, opts.after);
}

/** Word lists per locale (choice synonyms, rule keywords). */
export function wordLists(node: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!isMap(node)) return out;
  for (const pair of node.items) out[keyName(pair)] = isSeq(pair.value) ? pair.value.items.map(scalarText) : [];
  return out;
}

/** Words typed in one box: split at commas (also the Chinese ones), trimmed, blanks and repeats dropped. */
export function splitWords(typed: string): string[] {
  const words = typed
    .split(/[,，、]/)
    .map((w) => w.trim())
    .filter(Boolean);
  return [...new Set(words)];
}

/** Sets one locale's word list under `key`; an empty list removes the locale, and the key with it
 * when no locale is left. New lists are written `[a, b]`, in a flow map when `flow`. */
export function setWords(doc: Document, map: YAMLMap, key: string, locale: string, words: readonly string[], opts: { after?: readonly string[]; flow?: boolean } = {}): void {
  const lists = map.get(key, true);
  if (!words.length) {
    if (isMap(lists)) {
      lists.delete(locale);
      if (!lists.items.length) map.delete(key);
    }
    return;
  }
  const seq = doc.createNode([...words]) as YAMLSeq;
  seq.flow = true;
  if (isMap(lists)) {
    const old = lists.get(locale, true);
    // The list node stays (its style and comment); only its items are new.
    if (isSeq(old)) old.items = seq.items;
    else lists.set(locale, seq);
    return;
  }
  const created = new YAMLMap();
  created.flow = !!opts.flow;
  created.set(doc.createNode(locale), seq);
  setKey(doc, map, key, created, opts.after);
}

/**
 * Moves an item of a list, its comment with it. The comment right above the first item belongs
 * to the list node in the yaml library, so it is handed to that item first (unless a blank line
 * parts them: then it is about the list). Blank lines stay where they were, so the spacing of
 * the list does not change with the order.
 */
export function moveItem(seq: YAMLSeq, from: number, to: number): number {
  const items = seq.items as Node[];
  if (from < 0 || from >= items.length || to < 0 || to >= items.length || from === to) return from;
  const spaces = items.map((n) => n.spaceBefore);
  const first = items[0]!;
  if (seq.commentBefore && !first.spaceBefore && (from === 0 || to === 0)) {
    first.commentBefore = first.commentBefore ? `${seq.commentBefore}\n${first.commentBefore}` : seq.commentBefore;
    seq.commentBefore = null;
  }
  const [moved] = items.splice(from, 1);
  items.splice(to, 0, moved!);
  items.forEach((n, i) => (n.spaceBefore = spaces[i]));
  return to;
}

/** The list under `key` of a map, created (block style) when missing. */
export function listAt(doc: Document, map: YAMLMap | Document, key: string): YAMLSeq {
  const node = map.get(key, true);
  if (isSeq(node)) return node;
  const seq = doc.createNode([]) as YAMLSeq;
  map.set(key, seq);
  return seq;
}

/** A free id: `base` itself when `allowBase` and unused, else `base_2`, `base_3`… */
export function freeId(taken: Iterable<string>, base: string, allowBase = false): string {
  const used = new Set(taken);
  const stem = base.replace(/_\d+$/, '') || 'q';
  if (allowBase && !used.has(stem)) return stem;
  for (let n = 2; ; n++) if (!used.has(`${stem}_${n}`)) return `${stem}_${n}`;
}
