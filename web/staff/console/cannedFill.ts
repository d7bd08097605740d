/** Filling a canned reply for one case: the text in the customer's language (else the first
 * one the reply has) with its placeholders replaced; one without a value stays as written, so
 * the agent sees it in the reply box and fills it in before sending. */
import type { CannedReply } from '../../../src/core/cases/cannedReply.js';

export interface CannedValues {
  name?: string;
  orderId?: string;
  customerId?: string;
  agent?: string;
}

export function cannedText(reply: Pick<CannedReply, 'text'>, locale: string): string {
  const base = locale.split('-')[0];
  return reply.text[locale] ?? Object.entries(reply.text).find(([l]) => l.split('-')[0] === base)?.[1] ?? Object.values(reply.text)[0] ?? '';
}

export function cannedTitle(reply: Pick<CannedReply, 'title' | 'id'>, uiLocale: string): string {
  return cannedText({ text: reply.title }, uiLocale) || reply.id;
}

export function fillCanned(text: string, values: CannedValues): { text: string; missing: string[] } {
  const missing: string[] = [];
  const filled = text.replace(/\{(name|orderId|customerId|agent)\}/g, (whole, key: keyof CannedValues) => {
    const v = values[key]?.trim();
    if (v) return v;
    if (!missing.includes(key)) missing.push(key);
    return whole;
  });
  return { text: filled, missing };
}
