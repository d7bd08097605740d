import { recognizeChoice, recognizeChoices } from '../recognize/choice.js';
import { recognizeKano } from '../recognize/kano.js';
import { isKanoAnswer } from '../results/kano.js';
import { recognizeRating } from '../recognize/rating.js';
import type { Recognized } from '../recognize/types.js';
import { recognizeYesNo } from '../recognize/yesNo.js';
import type { CompiledQuestion } from '../script/compiled.js';
import type { AnswerValue } from '../session.js';

/** Reads a typed answer to one question in the customer's locale. */
export function understandText(q: CompiledQuestion, text: string, locale: string): Recognized<AnswerValue> {
  switch (q.type) {
    case 'rating':
      return recognizeRating(text, q.rating, locale);
    case 'choice': {
      const candidates = q.options.map((o) => ({ value: o.id, names: o.names[locale] ?? [] }));
      return q.multiple ? recognizeChoices(text, candidates, locale) : recognizeChoice(text, candidates, locale);
    }
    case 'yesno':
      return recognizeYesNo(text, locale);
    case 'text':
      if (text.length === 0) return { ok: false, reason: 'empty' };
      return text.length > q.maxLength ? { ok: false, reason: 'out_of_range' } : { ok: true, value: text };
    case 'kano':
      return recognizeKano(text, q.options.map((o) => ({ value: o.id, names: o.names[locale] ?? [] })), locale);
  }
}

/**
 * Checks a button's value. Buttons come from our own messages, but the value travels through
 * the customer's client, so it is validated like any other input.
 */
export function understandButton(q: CompiledQuestion, value: unknown): Recognized<AnswerValue> {
  switch (q.type) {
    case 'rating': {
      const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isInteger(n)) return { ok: false, reason: 'not_understood' };
      return n >= q.rating.min && n <= q.rating.max ? { ok: true, value: n } : { ok: false, reason: 'out_of_range' };
    }
    case 'choice': {
      const ids = new Set(q.options.map((o) => o.id));
      const picked = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
      const clean = picked.map((v) => (typeof v === 'string' ? v.trim() : ''));
      if (clean.length === 0 || clean.some((v) => !ids.has(v))) return { ok: false, reason: 'not_understood' };
      if (!q.multiple) return clean.length === 1 ? { ok: true, value: clean[0]! } : { ok: false, reason: 'ambiguous' };
      return { ok: true, value: q.options.map((o) => o.id).filter((id) => clean.includes(id)) };
    }
    case 'yesno':
      if (value === true || value === 'yes') return { ok: true, value: true };
      if (value === false || value === 'no') return { ok: true, value: false };
      return { ok: false, reason: 'not_understood' };
    case 'text':
      return typeof value === 'string' ? understandText(q, value, '') : { ok: false, reason: 'not_understood' };
    case 'kano':
      return isKanoAnswer(value) ? { ok: true, value } : { ok: false, reason: 'not_understood' };
  }
}
