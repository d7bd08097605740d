import type { Value } from '../condition.js';

/** Longer values are cut: a segment names a group (a brand, a tier), not a free text. */
export const MAX_SEGMENT_VALUE = 64;

/**
 * The values a response is split by, read once from the start data when the survey starts
 * (so a replayed or late event counts in the same groups as the first). `customer.tier` and
 * `order.category` name their field; a bare `brand` is looked up in the order, then the customer.
 * Missing, empty and non-scalar values are left out ("not given" in results).
 */
export function resolveSegments(paths: readonly string[], context: { customer: Record<string, Value>; order: Record<string, Value> }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const path of paths) {
    const [root, field] = path.includes('.') ? (path.split('.', 2) as [string, string]) : [undefined, path];
    const raw = root === 'customer' ? context.customer[field] : root === 'order' ? context.order[field] : (context.order[field] ?? context.customer[field]);
    if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') continue;
    const value = String(raw).normalize('NFKC').trim().slice(0, MAX_SEGMENT_VALUE);
    if (value) out[path] = value;
  }
  return out;
}
