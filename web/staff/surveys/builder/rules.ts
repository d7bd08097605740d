/**
 * The escalation rules as cards: id, the condition (`when`), keywords per locale, the minimum
 * confidence of the sentiment it reads, priority and what the survey does then; added and
 * deleted in the same YAML document. Pure (no DOM).
 */
import { isMap, isSeq, YAMLMap, type Document, type YAMLSeq } from 'yaml';
import { freeId, listAt, scalarText, setKey, setWords, wordLists } from './yamlNodes.js';

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const THENS = ['continue', 'pause', 'end'] as const;

export interface RuleCard {
  index: number;
  id: string;
  condition: string;
  keywords: Record<string, string[]>;
  /** As written ("" for none: sentiment counts however sure the scorer is). */
  minConfidence: string;
  /** As written ("" for the default, normal). */
  priority: string;
  /** As written ("" for the default, continue). */
  then: string;
}

function rules(doc: Document): YAMLSeq | undefined {
  const r = doc.get('escalation', true);
  return isSeq(r) ? r : undefined;
}

export function rulesOf(doc: Document): RuleCard[] {
  return (rules(doc)?.items ?? []).map((item, index) => {
    const r = isMap(item) ? item : new YAMLMap();
    return {
      index,
      id: scalarText(r.get('id', true)),
      condition: scalarText(r.get('when', true)),
      keywords: wordLists(r.get('keywords', true)),
      minConfidence: scalarText(r.get('minConfidence', true)),
      priority: scalarText(r.get('priority', true)),
      then: scalarText(r.get('then', true)),
    };
  });
}

export function rule(doc: Document, index: number): YAMLMap {
  const r = rules(doc)?.items[index];
  if (!isMap(r)) throw new RangeError(`no escalation rule ${index}`);
  return r;
}

export type RuleField = 'id' | 'priority' | 'then';

/** The keys a rule's new key goes after, in the order the reference writes them. */
const AFTER: Record<RuleField | 'minConfidence', string[]> = {
  id: [],
  minConfidence: ['id', 'when', 'keywords'],
  priority: ['id', 'when', 'keywords', 'minConfidence'],
  then: ['id', 'when', 'keywords', 'minConfidence', 'priority'],
};

/** Sets a rule's id, priority or `then`; "" removes priority and then (their defaults apply). */
export function setRuleField(doc: Document, index: number, field: RuleField, value: string): void {
  const r = rule(doc, index);
  if (!value && field !== 'id') return void r.delete(field);
  setKey(doc, r, field, value, AFTER[field]);
}

export type ConfidenceProblem = 'number' | 'range';

/** What is wrong with a minimum confidence as typed or written ("" is none, which is fine). */
export function minConfidenceProblem(text: string): ConfidenceProblem | undefined {
  const s = text.trim();
  if (!s) return undefined;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(s)) return 'number';
  const n = Number(s);
  return n >= 0 && n <= 1 ? undefined : 'range';
}

/** Sets a rule's minimum confidence, written as a number; "" removes it. A value out of 0-1 is
 * refused (the card says why) rather than written for the checker to refuse. */
export function setMinConfidence(doc: Document, index: number, text: string): void {
  const r = rule(doc, index);
  const s = text.trim();
  if (minConfidenceProblem(s)) throw new RangeError(`minimum confidence ${JSON.stringify(s)} is not a number from 0 to 1`);
  if (!s) return void r.delete('minConfidence');
  setKey(doc, r, 'minConfidence', Number(s), AFTER.minConfidence);
}

export function setKeywords(doc: Document, index: number, locale: string, words: readonly string[]): void {
  const r = rule(doc, index);
  setWords(doc, r, 'keywords', locale, words, { after: ['id', 'when'], flow: r.flow });
}

/** A new rule at the end, priority high (a rule exists to get someone's attention). It has no
 * condition or keywords yet, which its card marks until one is given. */
export function addRule(doc: Document): number {
  const seq = rules(doc) ?? listAt(doc, doc, 'escalation');
  const id = freeId(rulesOf(doc).map((r) => r.id), 'rule', true);
  seq.items.push(doc.createNode({ id, priority: 'high' }));
  return seq.items.length - 1;
}

export function deleteRule(doc: Document, index: number): void {
  rule(doc, index);
  rules(doc)!.items.splice(index, 1);
}
