/**
 * Where conditions live in a script and what each may read, for the picker: a question's `if`
 * (questions before it), a jump's `if` in its `next` (those and the question itself), an
 * ending's `if` and an escalation rule's `when` (every question). Writes the text into the YAML
 * document and edits the jumps list. Pure (no DOM).
 */
import { isMap, isScalar, isSeq, type Document, type YAMLMap, type YAMLSeq } from 'yaml';
import { aspectsOf, cardsOf, localesOf, question, type Card } from './cards.js';
import { defaultRow, readCondition, writeCondition, type AnswerKind, type Askable, type PickerContext } from './conditionPicker.js';
import { ending, endingsOf } from './endings.js';
import { rule, rulesOf } from './rules.js';
import { scalarText, setKey } from './yamlNodes.js';

export type Place = { kind: 'question'; index: number } | { kind: 'jump'; index: number; jump: number } | { kind: 'ending'; index: number } | { kind: 'rule'; index: number };

const PRESETS: Record<string, [number, number]> = { csat: [1, 5], nps: [0, 10], ces: [1, 7] };
/** More points than a row of buttons shows: a scale the checker refuses, so no list of values. */
const MAX_POINTS = 11;

/** How many questions (from the first) a condition at `place` may read. */
export function visibleCount(place: Place, total: number): number {
  if (place.kind === 'question') return place.index;
  if (place.kind === 'jump') return place.index + 1;
  return total;
}

export function askable(card: Card, locale: string | undefined): Askable | undefined {
  if (!card.id) return undefined;
  switch (card.type) {
    case 'rating': {
      const [min, max] = card.custom ? [card.custom.min, card.custom.max] : (PRESETS[card.scale] ?? [undefined, undefined]);
      const ok = Number.isInteger(min) && Number.isInteger(max) && max! > min! && max! - min! < MAX_POINTS;
      return { id: card.id, kind: 'rating', values: ok ? Array.from({ length: max! - min! + 1 }, (_, i) => min! + i) : [] };
    }
    case 'choice':
      return {
        id: card.id,
        kind: card.multiple ? 'multi' : 'choice',
        values: card.options.map((o) => o.id).filter(Boolean),
        labels: Object.fromEntries(card.options.map((o) => [o.id, (locale && o.labels[locale]) || o.id])),
      };
    case 'yesno':
    case 'text':
    case 'kano':
      return { id: card.id, kind: card.type as AnswerKind, values: [] };
    default:
      return undefined;
  }
}

/** What a condition at `place` may read. */
export function contextAt(doc: Document, place: Place, cards: Card[] = cardsOf(doc)): PickerContext {
  const locale = localesOf(doc)[0];
  const questions = cards.slice(0, visibleCount(place, cards.length)).flatMap((c) => askable(c, locale) ?? []);
  return { questions, aspects: aspectsOf(doc) };
}

function jumpList(doc: Document, index: number): YAMLSeq | undefined {
  const next = question(doc, index).get('next', true);
  return isSeq(next) ? next : undefined;
}

/** `next: x` becomes `next: [{ to: x }]`, in the same place, so jumps can get conditions. */
function ensureJumpList(doc: Document, index: number): YAMLSeq {
  const q = question(doc, index);
  const next = q.get('next', true);
  if (isSeq(next)) return next;
  const seq = doc.createNode([]) as YAMLSeq;
  if (isScalar(next)) seq.items.push(flowMap(doc, { to: scalarText(next) }));
  q.set('next', seq);
  return seq;
}

function flowMap(doc: Document, value: Record<string, string>): YAMLMap {
  const m = doc.createNode(value) as YAMLMap;
  m.flow = true;
  return m;
}

function mapAt(doc: Document, place: Place): YAMLMap {
  switch (place.kind) {
    case 'question':
      return question(doc, place.index);
    case 'jump': {
      const j = ensureJumpList(doc, place.index).items[place.jump];
      if (!isMap(j)) throw new RangeError(`no jump ${place.jump} after question ${place.index}`);
      return j;
    }
    case 'ending':
      return ending(doc, place.index);
    case 'rule':
      return rule(doc, place.index);
  }
}

const KEY: Record<Place['kind'], string> = { question: 'if', jump: 'if', ending: 'if', rule: 'when' };
/** Where a new condition key goes among the others, as the reference writes them. */
const AFTER: Record<Place['kind'], string[]> = { question: ['id', 'type', 'scale', 'display', 'multiple'], jump: [], ending: ['id'], rule: ['id'] };

export function conditionAt(doc: Document, place: Place): string {
  if (place.kind === 'jump') {
    const j = jumpList(doc, place.index)?.items[place.jump];
    return isMap(j) ? scalarText(j.get('if', true)) : '';
  }
  return scalarText(mapAt(doc, place).get(KEY[place.kind], true));
}

/** Writes a condition's text at its place; "" removes it. */
export function setCondition(doc: Document, place: Place, text: string): void {
  if (place.kind === 'jump' && !text && !jumpList(doc, place.index)) return;
  const map = mapAt(doc, place);
  const key = KEY[place.kind];
  const value = text.trim();
  if (!value) return void map.delete(key);
  setKey(doc, map, key, value, AFTER[place.kind]);
}

/**
 * A new jump after question `index`: "if <the answer is low>, go to <the question after next>"
 * (or the end), before a last jump that has no condition, so that one stays the fallback.
 */
export function addJump(doc: Document, index: number): number {
  const cards = cardsOf(doc);
  const seq = ensureJumpList(doc, index);
  const ctx = contextAt(doc, { kind: 'jump', index, jump: 0 }, cards);
  const self = cards[index]?.id ?? '';
  const condition = writeCondition({ join: 'and', rows: [defaultRow(self, ctx)] }, ctx);
  const to = cards[index + 2]?.id || 'end';
  const last = seq.items.at(-1);
  const at = isMap(last) && !last.has('if') ? seq.items.length - 1 : seq.items.length;
  seq.items.splice(at, 0, flowMap(doc, condition ? { if: condition, to } : { to }));
  return at;
}

export function setJumpTarget(doc: Document, index: number, jump: number, to: string): void {
  const next = question(doc, index).get('next', true);
  if (isScalar(next) && jump === 0) {
    next.value = to;
    return;
  }
  setKey(doc, mapAt(doc, { kind: 'jump', index, jump }), 'to', to, ['if']);
}

/** Removes a jump; with none left, `next` goes (the next question in order follows). */
export function deleteJump(doc: Document, index: number, jump: number): void {
  const q = question(doc, index);
  const next = q.get('next', true);
  if (isSeq(next)) {
    next.items.splice(jump, 1);
    if (next.items.length) return;
  }
  q.delete('next');
}

/** Every place in the script that has a condition or may get one. */
export function placesOf(doc: Document): Place[] {
  const cards = cardsOf(doc);
  return [
    ...cards.flatMap((c): Place[] => [{ kind: 'question', index: c.index }, ...c.jumps.map((_, jump): Place => ({ kind: 'jump', index: c.index, jump }))]),
    ...endingsOf(doc).map((e): Place => ({ kind: 'ending', index: e.index })),
    ...rulesOf(doc).map((r): Place => ({ kind: 'rule', index: r.index })),
  ];
}

/**
 * An option renamed from `from` to `to`: the conditions on that question the picker can read
 * name it anew. Conditions it cannot read are left as written (the picker shows them as text).
 */
export function renameValue(doc: Document, questionId: string, from: string, to: string): void {
  const cards = cardsOf(doc);
  for (const place of placesOf(doc)) {
    const source = conditionAt(doc, place);
    if (!source.includes(from)) continue;
    const ctx = contextAt(doc, place, cards);
    // Read as if the old id were still an option, write with the new one.
    const before: PickerContext = { ...ctx, questions: ctx.questions.map((q) => (q.id === questionId ? { ...q, values: [...q.values, from] } : q)) };
    const reading = readCondition(source, before);
    if (!reading.ok) continue;
    let changed = false;
    const rows = reading.picked.rows.map((r) => {
      if (r.subject !== questionId || !r.values.includes(from)) return r;
      changed = true;
      return { ...r, values: r.values.map((v) => (v === from ? to : v)) };
    });
    if (changed) setCondition(doc, place, writeCondition({ ...reading.picked, rows }, ctx));
  }
}
