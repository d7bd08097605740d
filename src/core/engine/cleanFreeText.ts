const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Control characters other than tab and newline, and bidi overrides that could make a quote
 * display differently from what was typed. */
const UNSAFE = /[^\P{Cc}\n\t]|[\u202A-\u202E\u2066-\u2069]/gu;

/**
 * An open answer as the customer wrote it: NFC only (not NFKC, which would turn "，" into ","
 * and change what people said), well-formed, without invisible controls, trimmed.
 */
export function cleanFreeText(text: string): string {
  return text
    .replace(LONE_SURROGATE, '\uFFFD')
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(UNSAFE, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
