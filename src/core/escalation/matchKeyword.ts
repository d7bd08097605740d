/** Letters and digits: a Latin keyword must start where a word starts. */
const WORD_CHAR = /[\p{L}\p{N}]/u;
/** Scripts written without spaces, where a keyword is found anywhere in the text. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;

/**
 * The first keyword the text contains, or undefined. Case and width do not matter (NFKC, lower
 * case). A Latin keyword matches at the start of a word, so "refund" finds "Refunds" but not
 * "nonrefundable"; a Chinese one matches anywhere, since Chinese has no spaces. Blunt on
 * purpose: "no refund needed" matches too, and a person reading the case sees why.
 */
export function matchKeyword(text: string, keywords: readonly string[]): string | undefined {
  const haystack = text.normalize('NFKC').toLowerCase();
  for (const keyword of keywords) {
    let from = haystack.indexOf(keyword);
    while (from !== -1) {
      const before = from === 0 ? '' : haystack[from - 1]!;
      if (UNSPACED.test(keyword[0] ?? '') || !WORD_CHAR.test(before)) return keyword;
      from = haystack.indexOf(keyword, from + 1);
    }
  }
  return undefined;
}
