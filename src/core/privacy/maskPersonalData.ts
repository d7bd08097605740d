/**
 * Masks e-mail addresses, phone numbers and card numbers that customers type in free text.
 * Stored text is kept as written; this runs on the way out (console, Slack, exports, logs), so
 * changing the rules never loses data. Full-width forms (＠, ０-９, ＋, －, the ideographic
 * space) are recognised as typed by Chinese and Japanese keyboards.
 */
export const MASK = { email: '[email]', phone: '[phone]', card: '[card]' } as const;

const DIGIT = '[0-9０-９]';
const ASCII_WORD = 'A-Za-z\\u00C0-\\u024F0-9０-９';

/** Local part in Latin letters and digits (full-width too), a domain of ASCII labels: a CJK
 * sentence glued to the address is not swallowed into it. */
const LOCAL = 'A-Za-z\\u00C0-\\u024F0-9０-９Ａ-Ｚａ-ｚ._%+\\-．';
const EMAIL = new RegExp(`(?<![${LOCAL}])[${LOCAL}]+[@＠][A-Za-z0-9](?:[A-Za-z0-9\\-]*[A-Za-z0-9])?(?:[.．][A-Za-z0-9](?:[A-Za-z0-9\\-]*[A-Za-z0-9])?)*[.．][A-Za-z]{2,24}(?![A-Za-z0-9])`, 'gu');

/**
 * A run of digit groups joined by one or two separators (space, hyphen, dot, brackets), with an
 * optional leading +. Not inside a word, an id or a URL (letters, '#', '-', '/', '=' before it),
 * so "#10234", "A-77-123456789" and "/orders/123456789" are left alone. Whether the run is a
 * phone or a card number is decided by counting its digits.
 */
const SEP = '[\\s\\u3000\\-‐‑–－.．]';
const NUMBER_RUN = new RegExp(
  `(?<![${ASCII_WORD}_#＃@＠\\-/=&?%.．])(?:[+＋]${SEP}?)?(?:[(（]${DIGIT}{1,5}[)）]${SEP}{0,2})?${DIGIT}+(?:${SEP}{1,2}(?:[(（]${DIGIT}{1,5}[)）]|${DIGIT}+))*(?![${ASCII_WORD}@＠_\\-/%])`,
  'gu',
);

/** 2026-11-30, 30.11.2026, 11-30-2026: dates are not phone numbers. */
const DATE = /^(\d{4}[-.]\d{1,2}[-.]\d{1,2}|\d{1,2}[-.]\d{1,2}[-.]\d{2,4})$/;

export function maskPersonalData(text: string): string {
  if (!text) return text;
  return text.replace(EMAIL, MASK.email).replace(NUMBER_RUN, (run) => maskNumber(run));
}

function maskNumber(run: string): string {
  const ascii = run.normalize('NFKC');
  const digits = ascii.replace(/\D/g, '');
  const international = ascii.startsWith('+');
  if (DATE.test(ascii.trim())) return run;
  if (digits.length >= 13 && digits.length <= 19 && !international && luhn(digits)) return MASK.card;
  if (digits.length >= 8 && digits.length <= 15) return MASK.phone;
  if (international && digits.length >= 7 && digits.length <= 15) return MASK.phone;
  return run;
}

/** The check digit every payment card number carries; a random 16-digit number passes one
 * time in ten, which is why it is not the only test (13-19 digits, no leading +). */
export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Every string inside a JSON-like value, masked; the shape is kept. */
export function maskStrings<T>(value: T): T {
  if (typeof value === 'string') return maskPersonalData(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => maskStrings(v)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, maskStrings(v)])) as T;
  }
  return value;
}
