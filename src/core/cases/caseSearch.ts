import type { EscalationCase } from '../cases.js';

/** Longest search text the console API takes (it is matched against every listed case). */
export const MAX_SEARCH_CHARS = 200;

/** Which cases an agent looks at: the ones in their hands, the queue nobody has claimed, or all. */
export type CaseView = 'all' | 'mine' | 'queue';

export function inView(c: Pick<EscalationCase, 'status' | 'assignee'>, view: CaseView, agentId: string): boolean {
  if (view === 'mine') return c.status === 'claimed' && c.assignee?.id === agentId;
  if (view === 'queue') return c.status === 'open';
  return true;
}

/** Lower case, accents and width folded, so "jose" finds "José" and "ＡＢ" finds "ab". */
function fold(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The words of a search; empty when there is nothing to look for. */
export function searchTerms(query: string): string[] {
  return fold(query.slice(0, MAX_SEARCH_CHARS)).split(/\s+/).filter(Boolean);
}

const scalar = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/**
 * What a search looks through: the customer's name and id, the order's id (and every other plain
 * order and customer field), the case id, what the customer wrote (quotes and transcript) and
 * the staff notes. A case matches when every term is found somewhere in it.
 */
export function caseText(c: EscalationCase): string {
  const fields = [c.id, c.surveyId, ...Object.values(c.customer ?? {}).map(scalar), ...Object.values(c.order ?? {}).map(scalar)];
  const words = [...(c.quotes ?? []).map((q) => q.text), ...(c.transcript ?? []).map((e) => e.text), ...(c.notes ?? []).map((n) => n.text)];
  return fold([...fields, ...words].filter(Boolean).join('\n'));
}

export function matchesSearch(c: EscalationCase, terms: readonly string[]): boolean {
  if (!terms.length) return true;
  const text = caseText(c);
  return terms.every((t) => text.includes(t));
}
