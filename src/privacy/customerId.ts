/** Longest customer id accepted: far beyond any shop's ids, short enough for a key name. */
export const MAX_CUSTOMER_ID = 512;

/** Why this is not a customer id (the `customer.id` a survey was started with), or undefined. */
export function customerIdProblem(id: string): string | undefined {
  if (!id.trim()) return 'the customer id is empty';
  if (id.length > MAX_CUSTOMER_ID) return `a customer id has at most ${MAX_CUSTOMER_ID} characters`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(id)) return 'a customer id has no control characters';
  return undefined;
}

